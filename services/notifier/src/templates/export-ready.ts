import type { ExportKind } from '@loyalty/db/model';
import { escapeHtml, type EmailContent } from './email-content.js';

export interface ReadyExport {
  kind: ExportKind;
  format: string;
  rows: number;
  link: string;
}

export function exportReadyEmail(ready: ReadyExport): EmailContent {
  const file = `${ready.kind} export (${ready.format.toUpperCase()}, gzipped)`;
  const subject = `Your ${ready.kind} export is ready`;
  const rows = `${ready.rows.toLocaleString('en-GB')} ${ready.rows === 1 ? 'row' : 'rows'}`;
  const text = [
    'Hello,',
    '',
    `Your ${file} is ready: ${rows}.`,
    `Download it here: ${ready.link}`,
    '',
    'The link works for a limited time. Ask the export again in the admin API for a fresh one.',
  ].join('\n');
  const html = `<p>Hello,</p>
<p>Your ${escapeHtml(file)} is ready: <strong>${rows}</strong>.</p>
<p><a href="${escapeHtml(ready.link)}">Download the file</a></p>
<p>The link works for a limited time. Ask the export again in the admin API for a fresh one.</p>`;
  return { subject, text, html };
}
