import type { ReactNode } from 'react';

export function Alert({
  tone = 'error',
  children,
}: {
  readonly tone?: 'error' | 'success' | 'info';
  readonly children: ReactNode;
}) {
  const styles = {
    error: 'border-red-300 bg-red-50 text-red-800',
    success: 'border-emerald-300 bg-emerald-50 text-emerald-800',
    info: 'border-sky-300 bg-sky-50 text-sky-900',
  }[tone];
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-md border px-3 py-2 text-sm ${styles}`}
    >
      {children}
    </div>
  );
}
