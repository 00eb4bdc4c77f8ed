/** Human output of verify and doctor: one block per item, with its fix; colour only where style allows. */
import { formatDiagnostic, type Diagnostic, type Severity } from '../core/diagnostic';
import type { Style } from './style';
import type { VerifyReport } from './verify';

export interface TargetInfo {
  orgId: string;
  name: string;
  target: string;
}

const orgLine = (t: TargetInfo): string => `${t.target} (${t.name}, ${t.orgId})`;

export function renderVerifyText(report: VerifyReport, target: TargetInfo, s: Style): string {
  const lines: string[] = [];
  if (report.inSync) lines.push(s.add(`verify: ${orgLine(target)} is in sync with the config`));
  else {
    lines.push(s.remove(`verify: ${report.drift.length} drift item(s) in ${orgLine(target)}`));
    for (const d of report.drift) {
      const [head, ...rest] = formatDiagnostic(d, { layout: 'block', paint: s.change }).split('\n');
      lines.push(head, ...rest.map((line) => s.dim(`  ${line}`)));
    }
  }
  for (const p of report.skipped) lines.push(s.dim(`  not checked: ${p.part} (${p.reason})`));
  for (const w of report.warnings) lines.push(s.change(formatDiagnostic(w)));
  return lines.join('\n') + '\n';
}

const ICON: Record<Severity, string> = { error: '✗', warning: '!', info: 'i' };

export function doctorSummary(findings: Diagnostic[]): string {
  const count = (severity: Severity): number => findings.filter((f) => f.severity === severity).length;
  return `${count('error')} problem(s), ${count('warning')} warning(s), ${count('info')} note(s)`;
}

export function renderDoctorText(
  findings: Diagnostic[],
  target: TargetInfo,
  unreadable: string[],
  s: Style,
): string {
  const lines = [s.bold(`doctor: ${orgLine(target)}: ${doctorSummary(findings)}`)];
  for (const f of findings) {
    const paint = f.severity === 'error' ? s.remove : f.severity === 'warning' ? s.change : s.dim;
    const block = formatDiagnostic(f, {
      layout: 'block',
      indent: '',
      paint: (code) => `${ICON[f.severity]} ${code}`,
    });
    const [head, ...rest] = block.split('\n');
    lines.push(
      '',
      paint(head.slice(0, head.indexOf('  '))) + head.slice(head.indexOf('  ')),
      ...rest.map((l) => `  ${l}`),
    );
  }
  if (findings.length === 0) lines.push(s.add('No problems found.'));
  for (const u of unreadable) lines.push(s.dim(`not checked: ${u}`));
  return lines.join('\n') + '\n';
}
