import type { ReactNode } from 'react';

export function Stat({
  label,
  children,
  tone,
}: {
  readonly label: string;
  readonly children: ReactNode;
  readonly tone?: 'warn';
}) {
  return (
    <div
      className={`rounded-lg p-3 ring-1 ${tone === 'warn' ? 'bg-amber-50 ring-amber-300' : 'bg-white ring-slate-200'}`}
    >
      <div className="text-xs text-slate-500">{label}</div>
      <div className="mt-1 text-lg font-semibold">{children}</div>
    </div>
  );
}
