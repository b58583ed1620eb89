// What both matchers share: checking the input and the pins, and turning a matching into the result
// (assignments, mutual pairs, and why each unmatched participant is unmatched).
import { type CodedRules, type CompatibilityGraph, codeRules, pinScore } from './compatibility.ts';
import type { Assignment, MatchInput, MatchResult, PinProblem, Unmatched } from './index.ts';

export interface Prepared {
  indexOf: Map<string, number>;
  rules: CodedRules;
  /** Pins that can be kept, as indexes, with their score (-1: the moderators joined an incompatible pair). */
  pins: { giver: number; recipient: number; score: number }[];
  pinProblems: PinProblem[];
  canGive: Uint8Array;
  canReceive: Uint8Array;
}

export function prepare(input: MatchInput): Prepared {
  const n = input.participants.length;
  const indexOf = new Map<string, number>();
  input.participants.forEach((p, i) => {
    if (indexOf.has(p.id)) throw new RangeError(`participant ${p.id} signed up twice`);
    indexOf.set(p.id, i);
  });
  const rules = codeRules(input.rules);
  const excluded = new Set((input.exclusions ?? []).map((x) => `${x.giverId}\u0000${x.recipientId}`));
  const canGive = new Uint8Array(n).fill(1);
  const canReceive = new Uint8Array(n).fill(1);
  const pins: Prepared['pins'] = [];
  const pinProblems: PinProblem[] = [];
  for (const pin of input.pins ?? []) {
    const giver = indexOf.get(pin.giverId);
    const recipient = indexOf.get(pin.recipientId);
    const problem: PinProblem['problem'] | null =
      giver === undefined || recipient === undefined ? 'unknown-participant'
      : giver === recipient ? 'self'
      : excluded.has(`${pin.giverId}\u0000${pin.recipientId}`) ? 'excluded'
      : !canGive[giver] ? 'giver-pinned-twice'
      : !canReceive[recipient] ? 'recipient-pinned-twice'
      : null;
    if (problem) {
      pinProblems.push({ giverId: pin.giverId, recipientId: pin.recipientId, problem });
      continue;
    }
    canGive[giver!] = 0;
    canReceive[recipient!] = 0;
    pins.push({ giver: giver!, recipient: recipient!, score: pinScore(input, rules, giver!, recipient!) });
  }
  return { indexOf, rules, pins, pinProblems, canGive, canReceive };
}

/** giveTo[g]: whom g gives to, pins included, or -1. */
export function combined(n: number, prepared: Prepared, recipientOf: Int32Array): Int32Array {
  const giveTo = Int32Array.from(recipientOf);
  for (const pin of prepared.pins) giveTo[pin.giver] = pin.recipient;
  return giveTo;
}

export function countMutual(giveTo: Int32Array): number {
  let pairs = 0;
  for (let g = 0; g < giveTo.length; g++) if (giveTo[g]! > g && giveTo[giveTo[g]!] === g) pairs++;
  return pairs;
}

function edgeScore(graph: CompatibilityGraph, g: number, r: number): number {
  for (let e = graph.start[g]!; e < graph.start[g + 1]!; e++) if (graph.to[e] === r) return graph.score[e]!;
  return -1;
}

export function buildResult(input: MatchInput, graph: CompatibilityGraph, prepared: Prepared, recipientOf: Int32Array, stats: { solves: number; startedAt: number }): MatchResult {
  const n = graph.n;
  const ids = input.participants.map((p) => p.id);
  const giveTo = combined(n, prepared, recipientOf);
  const receiveFrom = new Int32Array(n).fill(-1);
  for (let g = 0; g < n; g++) if (giveTo[g]! >= 0) receiveFrom[giveTo[g]!] = g;
  const pinned = new Map(prepared.pins.map((pin) => [pin.giver, pin.score]));

  const assignments: Assignment[] = [];
  for (let g = 0; g < n; g++) {
    const r = giveTo[g]!;
    if (r < 0) continue;
    const score = pinned.has(g) ? pinned.get(g)! : edgeScore(graph, g, r);
    assignments.push({ giverId: ids[g]!, recipientId: ids[r]!, score: Math.max(0, score), pinned: pinned.has(g), compatible: score >= 0, mutual: giveTo[r] === g });
  }

  // Candidates of the unmatched, read off the edges in one pass (best score first, three kept).
  const givingCandidates = new Map<number, { other: number; score: number }[]>();
  const receivingCandidates = new Map<number, { other: number; score: number }[]>();
  for (let g = 0; g < n; g++)
    for (let e = graph.start[g]!; e < graph.start[g + 1]!; e++) {
      const r = graph.to[e]!;
      if (giveTo[g] === -1) (givingCandidates.get(g) ?? givingCandidates.set(g, []).get(g)!).push({ other: r, score: graph.score[e]! });
      if (receiveFrom[r] === -1) (receivingCandidates.get(r) ?? receivingCandidates.set(r, []).get(r)!).push({ other: g, score: graph.score[e]! });
    }
  const describe = (who: number, list: { other: number; score: number }[] | undefined, none: Unmatched['reason'], matchedWith: (other: number) => number): Unmatched => {
    const found = list ?? [];
    return {
      participantId: ids[who]!,
      reason: found.length === 0 ? none : 'lost-to-others',
      compatibleCount: found.length,
      candidates: found
        .sort((a, b) => b.score - a.score || a.other - b.other)
        .slice(0, 3)
        .map(({ other, score }) => ({ participantId: ids[other]!, score, matchedWithId: matchedWith(other) >= 0 ? ids[matchedWith(other)]! : null })),
    };
  };
  const unmatchedGivers: Unmatched[] = [];
  const unmatchedRecipients: Unmatched[] = [];
  for (let p = 0; p < n; p++) {
    if (giveTo[p] === -1) unmatchedGivers.push(describe(p, givingCandidates.get(p), 'no-compatible-recipient', (r) => receiveFrom[r]!));
    if (receiveFrom[p] === -1) unmatchedRecipients.push(describe(p, receivingCandidates.get(p), 'no-compatible-giver', (g) => giveTo[g]!));
  }
  return {
    assignments,
    unmatchedGivers,
    unmatchedRecipients,
    pinProblems: prepared.pinProblems,
    stats: {
      participants: n,
      compatiblePairs: graph.to.length,
      assignments: assignments.length,
      totalScore: assignments.reduce((sum, a) => sum + a.score, 0),
      mutualPairs: countMutual(giveTo),
      solves: stats.solves,
      milliseconds: Math.round(performance.now() - stats.startedAt),
    },
  };
}

