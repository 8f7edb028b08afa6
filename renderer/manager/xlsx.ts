import writeXlsxFile, { type Sheet } from 'write-excel-file/universal';
import {
  reportSheets,
  type RangeReport,
  type ReportLanguage,
  type Sheet as Table,
} from '../../shared/reports';

/**
 * The report as an Excel workbook: one sheet per table, right to left in Persian, amounts as
 * numbers with a thousands-separator format (so they sum in Excel), header row bold and frozen.
 */
export function reportWorkbook(report: RangeReport, lang: ReportLanguage): Promise<Blob> {
  return workbook(reportSheets(report, lang), lang);
}

export function workbook(tables: readonly Table[], lang: ReportLanguage): Promise<Blob> {
  const sheets: Sheet<Blob>[] = tables.map((s) => ({
    sheet: s.name,
    rightToLeft: lang === 'fa',
    stickyRowsCount: 1,
    columns: s.header.map((_, i) => ({ width: i === 0 ? 28 : 18 })),
    data: [
      s.header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
      ...s.rows.map((r) =>
        r.map((cell) =>
          typeof cell === 'number'
            ? { value: cell, type: Number, format: '#,##0' }
            : { value: cell, type: String },
        ),
      ),
    ],
  }));
  return writeXlsxFile(sheets, { fontFamily: 'Vazirmatn' }).toBlob();
}
