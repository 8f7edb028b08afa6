import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DayPicker } from 'react-day-picker/persian';
import 'react-day-picker/style.css';
import { formatJalali, gregorianToJalali, jalaliToGregorian } from '../../shared/jalali';
import { readJalaliDate } from '../../shared/jalali-text';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';

function isoOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The typed Jalali date (1404/01/15) as a local Date, for the calendar to show; null when not a date. */
function parseTyped(value: string): Date | null {
  const typed = readJalaliDate(value);
  if (!typed) return null;
  const [y, mo, d] = jalaliToGregorian(typed).split('-').map(Number) as [number, number, number];
  return new Date(y, mo - 1, d);
}

/**
 * A Jalali calendar (react-day-picker's Persian calendar on date-fns-jalali, with the calendar's own
 * leap rule) beside the typed date: typing stays the fast path, the calendar is there to look.
 */
export function JalaliDatePicker({
  value,
  onChange,
  label,
}: {
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly label: string;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const selected = parseTyped(value);
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => setOpen(true)}
        aria-label={t('counter.openCalendar', { field: label })}
      >
        {t('counter.calendar')}
      </Button>
      <ModalDialog open={open} labelledBy="calendar-title" onCancel={() => setOpen(false)}>
        <h2 id="calendar-title" className="mb-2 font-semibold">
          {label}
        </h2>
        <DayPicker
          mode="single"
          selected={selected ?? undefined}
          defaultMonth={selected ?? new Date()}
          dir={i18n.dir()}
          onSelect={(date) => {
            if (date) onChange(formatJalali(gregorianToJalali(isoOf(date))));
            setOpen(false);
          }}
        />
        <Button variant="ghost" onClick={() => setOpen(false)}>
          {t('tracking.cancel')}
        </Button>
      </ModalDialog>
    </>
  );
}
