import type { ExportKind } from '@loyalty/db/model';
import { escapeHtml, type EmailContent } from './email-content.js';

export interface ReadyExport {
  kind: ExportKind;
  format: string;
  rows: number;
  link: string;
}

export function exportReadyEmail(ready: ReadyExport): EmailContent {
  const personal = ready.kind === 'personal-data';
  const what = personal ? 'personal data' : ready.kind;
  const file = `${what} export (${ready.format.toUpperCase()}, gzipped)`;
  const subject = `Your ${what} export is ready`;
  const unit = personal ? 'record' : 'row';
  const rows = `${ready.rows.toLocaleString('en-GB')} ${ready.rows === 1 ? unit : `${unit}s`}`;
  const again = personal ? 'Open your data export in the app for a fresh one.' : 'Ask the export again in the admin API for a fresh one.';
  const text = ['Hello,', '', `Your ${file} is ready: ${rows}.`, `Download it here: ${ready.link}`, '', `The link works for a limited time. ${again}`].join(
    '\n',
  );
  const html = `<p>Hello,</p>
<p>Your ${escapeHtml(file)} is ready: <strong>${rows}</strong>.</p>
<p><a href="${escapeHtml(ready.link)}">Download the file</a></p>
<p>The link works for a limited time. ${escapeHtml(again)}</p>`;
  return { subject, text, html };
}
