/** Issue 14's table as `npm run bench` prints it: each measure with its figure, its target and whether it was met. */
export interface Target {
  measure: string;
  figure: string;
  target: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
  note?: string;
}

export function printTargets(targets: Target[]): void {
  console.log('| measure | figure | target | met |');
  console.log('| --- | --- | --- | --- |');
  for (const t of targets) {
    const met = t.met === undefined ? 'not measured' : t.met ? 'met' : '**missed**';
    console.log(`| ${t.measure} | ${t.figure}${t.note ? ` (${t.note})` : ''} | ${t.target} | ${met} |`);
  }
}
