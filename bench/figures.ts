/**
 * The figures a benchmark reports, each beside its goal from the issue that set it (issue 16), collected
 * so `npm run bench` can write them as JSON under bench/results/ as well as print them.
 */
export interface Goal {
  /** The figure must stay below this (or at/below when `atMost`). */
  below: number;
  atMost?: boolean;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: Goal | null;
  met: boolean | null;
}

const collected: Figure[] = [];

/** A small-size run (`npm run bench -- --quick` or BENCH_QUICK=1): same paths, smaller data. */
export const quick = process.env.BENCH_QUICK === '1';

/** Records a figure and returns its printed line: "name: value unit (goal < x: met)". */
export function figure(name: string, value: number, unit: string, goal?: Goal, digits = 2): string {
  const met = goal ? (goal.atMost ? value <= goal.below : value < goal.below) : null;
  collected.push({ name, value: Number(value.toFixed(digits)), unit, goal: goal ?? null, met });
  const goalText = goal ? `  [goal ${goal.atMost ? '<=' : '<'} ${goal.below} ${unit}: ${met ? 'met' : 'NOT met'}]` : '';
  return `${name}: ${value.toFixed(digits)} ${unit}${goalText}`;
}

export function collectedFigures(): Figure[] {
  return collected;
}
