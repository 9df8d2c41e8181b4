import { hundredthsToArea, type ZMotionResult } from '@rp/contract';
import type { z } from 'zod';

type Choice = 'for' | 'against' | 'abstain';
type MotionResult = z.infer<typeof ZMotionResult>;

export interface Tally {
  area: bigint;
  head: number;
}

/** SPEC R-42 quorum: participating area ≥ 2/3 of total area AND headcount ≥ 2/3 ("以上" includes the bound). */
export function isQuorate(part: Tally, total: Tally): boolean {
  return part.area * 3n >= total.area * 2n && part.head * 3 >= total.head * 2;
}

/** SPEC R-42 major matters: agreeing ≥ 3/4 of participating, by area AND by headcount. */
export function majorPasses(agree: Tally, part: Tally): boolean {
  return part.head > 0 && agree.area * 4n >= part.area * 3n && agree.head * 4 >= part.head * 3;
}

/** SPEC R-42 other matters: agreeing > 1/2 of participating, by area AND by headcount (exactly half fails). */
export function ordinaryPasses(agree: Tally, part: Tally): boolean {
  return part.head > 0 && agree.area * 2n > part.area && agree.head * 2 > part.head;
}

const tally = (t: Tally) => ({ areaM2: hundredthsToArea(t.area), headcount: t.head });

/**
 * Counts one motion from the ballots, in exact integer arithmetic (areas in hundredths of m²). Every ballot with a
 * choice on the motion participates, abstentions included.
 */
export function countMotion(
  motion: { id: string; title: string; matter: 'ordinary' | 'major' },
  ballots: { choices: Record<string, Choice>; area: bigint }[],
  totals: Tally,
): MotionResult {
  const part: Tally = { area: 0n, head: 0 };
  const by: Record<Choice, Tally> = {
    for: { area: 0n, head: 0 },
    against: { area: 0n, head: 0 },
    abstain: { area: 0n, head: 0 },
  };
  for (const b of ballots) {
    const c = b.choices[motion.id];
    if (!c) continue;
    part.area += b.area;
    part.head += 1;
    by[c].area += b.area;
    by[c].head += 1;
  }
  const quorate = isQuorate(part, totals);
  const majority = motion.matter === 'major' ? majorPasses(by.for, part) : ordinaryPasses(by.for, part);
  return {
    motionId: motion.id,
    title: motion.title,
    matter: motion.matter,
    quorate,
    passed: quorate && majority,
    participating: tally(part),
    agreeing: tally(by.for),
    against: tally(by.against),
    abstaining: tally(by.abstain),
    totals: tally(totals),
  };
}
