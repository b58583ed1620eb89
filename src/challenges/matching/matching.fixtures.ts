// Small random sign-ups for the matcher's tests, and an exhaustive solver to check it against.
import { Random } from '../../generate/random.ts';
import type { ExchangeRules, MatchInput, Participant } from './index.ts';

export const rules: ExchangeRules = { fandom: { required: 1, weight: 4 }, character: { required: 0, weight: 2 } };

/** n sign-ups over a few fandoms and characters, so that some share tags and some do not. */
export function randomInput(seed: number, n: number, fandoms = 4): MatchInput {
  const random = new Random(seed);
  const some = (prefix: string, pool: number, most: number) => Array.from(new Set(Array.from({ length: random.int(1, most) }, () => `${prefix}${random.int(1, pool)}`)));
  const set = () => ({ tags: { fandom: some('F', fandoms, 2), character: some('C', 4, 2) }, any: { fandom: random.chance(0.05) } });
  const participants: Participant[] = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, requests: [set()], offers: random.chance(0.3) ? [set(), set()] : [set()] }));
  return { participants, rules };
}

/** The score of giver → recipient by the rules above, written out again plainly; -1: incompatible. */
export function plainScore(giver: Participant, recipient: Participant): number {
  let best = -1;
  for (const offer of giver.offers)
    for (const request of recipient.requests) {
      const shared = (type: string) => (offer.tags[type] ?? []).filter((t) => (request.tags[type] ?? []).includes(t)).length;
      const fandomsMet = offer.any?.fandom || request.any?.fandom || shared('fandom') >= 1;
      if (fandomsMet) best = Math.max(best, 4 * shared('fandom') + 2 * shared('character'));
    }
  return best;
}

export interface Exhaustive {
  maxMatched: number;
  bestScore: number;
  /** Among maximum matchings: the fewest mutual pairs, and the best score with that few. */
  fewestMutual: number;
  bestScoreWithFewestMutual: number;
}

/** Every assignment (each giver: nobody or a free compatible recipient other than themself). */
export function exhaustive(input: MatchInput): Exhaustive {
  const people = input.participants;
  const n = people.length;
  const score = people.map((g, i) => people.map((r, j) => (i === j ? -1 : plainScore(g, r))));
  const giveTo = new Array<number>(n).fill(-1);
  const taken = new Array<boolean>(n).fill(false);
  const best: Exhaustive = { maxMatched: -1, bestScore: -1, fewestMutual: Infinity, bestScoreWithFewestMutual: -1 };
  const visit = (g: number, matched: number, total: number) => {
    if (g === n) {
      let mutual = 0;
      for (let a = 0; a < n; a++) if (giveTo[a]! > a && giveTo[giveTo[a]!] === a) mutual++;
      if (matched > best.maxMatched) Object.assign(best, { maxMatched: matched, bestScore: total, fewestMutual: mutual, bestScoreWithFewestMutual: total });
      else if (matched === best.maxMatched) {
        best.bestScore = Math.max(best.bestScore, total);
        if (mutual < best.fewestMutual) Object.assign(best, { fewestMutual: mutual, bestScoreWithFewestMutual: total });
        else if (mutual === best.fewestMutual) best.bestScoreWithFewestMutual = Math.max(best.bestScoreWithFewestMutual, total);
      }
      return;
    }
    visit(g + 1, matched, total);
    for (let r = 0; r < n; r++) {
      if (taken[r] || score[g]![r]! < 0) continue;
      taken[r] = true;
      giveTo[g] = r;
      visit(g + 1, matched + 1, total + score[g]![r]!);
      taken[r] = false;
      giveTo[g] = -1;
    }
  };
  visit(0, 0, 0);
  return best;
}
