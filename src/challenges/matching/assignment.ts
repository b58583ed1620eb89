// The optimal assignment: min-cost maximum flow source → givers → recipients → sink, every arc of
// capacity 1, cost (maxScore − score) on a giver → recipient arc and 0 elsewhere. Every maximum flow
// has the same number of giver → recipient arcs, so the constant maxScore does not change which
// maximum flow is cheapest: the cheapest one is the maximum matching with the best total score.
//
// Successive shortest paths with Johnson potentials (primal–dual): each phase runs one Dijkstra over
// reduced costs c(u,v) + π(u) − π(v) ≥ 0 from all free givers at once, stopping when the sink is
// reached at distance D, and moves π(v) by min(dist(v), D), which keeps every reduced cost ≥ 0. Then
// it augments along as many vertex-disjoint zero-reduced-cost paths as a depth-first search finds
// (each is a shortest path, so optimality holds), not one path a phase.
//
// Complexity: a phase is O(E log V) for the Dijkstra (binary heap) plus O(E + V) for the search;
// there are at most F ≤ n phases (F: the matching's size), so O(n · E log V) at worst, with V = 2n + 1
// and E the compatible pairs. In practice the phases are few (they are bounded by the number of distinct
// shortest-path lengths met, and those are small integers): see bench/RESULTS.md. Memory is O(V + E):
// typed arrays over the graph's edges, never an n × n matrix.
import type { CompatibilityGraph } from './compatibility.ts';

export interface SolveState {
  /** recipientOf[g]: the recipient giver g gives to, or -1. */
  recipientOf: Int32Array;
  /** giverOf[r]: the giver recipient r receives from, or -1. */
  giverOf: Int32Array;
  matched: number;
  phases: number;
}

/** Min-heap of (key, node), lazy deletion: stale entries are skipped when popped. */
class Heap {
  keys: number[] = [];
  nodes: number[] = [];
  get size() {
    return this.keys.length;
  }
  push(key: number, node: number) {
    const keys = this.keys;
    const nodes = this.nodes;
    let i = keys.length;
    keys.push(key);
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  /** Pops the smallest; its key is left in `topKey`. */
  topKey = 0;
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const node = nodes[0]!;
    this.topKey = keys[0]!;
    const lastKey = keys.pop()!;
    const lastNode = nodes.pop()!;
    const size = keys.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
        if (keys[child]! >= lastKey) break;
        keys[i] = keys[child]!;
        nodes[i] = nodes[child]!;
        i = child;
      }
      keys[i] = lastKey;
      nodes[i] = lastNode;
    }
    return node;
  }
}

/**
 * Solves on the graph. `canGive[g]` / `canReceive[r]` leave out participants already placed by a
 * pin; `forbidden[e]` leaves out edges (those tried away to break a mutual pair). Yields the number
 * matched so far after each phase and every 64 augmentations.
 */
export function* solveAssignment(graph: CompatibilityGraph, canGive: Uint8Array, canReceive: Uint8Array, forbidden: Uint8Array): Generator<number, SolveState> {
  const { n, start, to, score, maxScore } = graph;
  const sink = 2 * n;
  const recipientOf = new Int32Array(n).fill(-1);
  const giverOf = new Int32Array(n).fill(-1);
  /** Edge index of each recipient's matched arc (for its cost), or -1. */
  const matchedEdge = new Int32Array(n).fill(-1);
  // Nodes: givers 0..n-1, recipients n..2n-1, the sink 2n; the source is implicit (free givers start at 0).
  const potential = new Float64Array(2 * n + 1);
  const dist = new Float64Array(2 * n + 1);
  const done = new Uint8Array(2 * n + 1);
  const onPath = new Uint8Array(2 * n + 1);
  let matched = 0;
  let phases = 0;
  let sinceYield = 0;
  const cost = (e: number) => maxScore - score[e]!;

  for (;;) {
    // Dijkstra from every free giver (reduced cost of source → free giver is 0: their potential stays 0).
    dist.fill(Infinity);
    done.fill(0);
    const heap = new Heap();
    for (let g = 0; g < n; g++)
      if (canGive[g] && recipientOf[g] === -1 && start[g + 1]! > start[g]!) {
        dist[g] = 0;
        heap.push(0, g);
      }
    let reached = Infinity;
    while (heap.size > 0) {
      const u = heap.pop();
      const d = heap.topKey;
      if (done[u] || d > dist[u]!) continue;
      done[u] = 1;
      if (u === sink) {
        reached = d;
        break;
      }
      if (u < n) {
        const base = d + potential[u]!;
        for (let e = start[u]!; e < start[u + 1]!; e++) {
          const r = to[e]!;
          if (forbidden[e] || !canReceive[r] || recipientOf[u] === r) continue;
          const v = n + r;
          const nd = base + cost(e) - potential[v]!;
          if (nd < dist[v]!) {
            dist[v] = nd;
            heap.push(nd, v);
          }
        }
      } else {
        const r = u - n;
        const g = giverOf[r]!;
        if (g === -1) {
          const nd = d + potential[u]! - potential[sink]!;
          if (nd < dist[sink]!) {
            dist[sink] = nd;
            heap.push(nd, sink);
          }
        } else {
          const nd = d - cost(matchedEdge[r]!) + potential[u]! - potential[g]!;
          if (nd < dist[g]!) {
            dist[g] = nd;
            heap.push(nd, g);
          }
        }
      }
    }
    if (reached === Infinity) break;
    for (let v = 0; v <= sink; v++) potential[v]! += Math.min(dist[v]!, reached);
    phases++;

    // Augment along vertex-disjoint paths whose every arc now has reduced cost 0 (shortest paths).
    // Iterative depth-first search: paths can be thousands of arcs long.
    onPath.fill(0);
    const stackNode: number[] = [];
    const stackEdge: number[] = [];
    for (let root = 0; root < n; root++) {
      if (!canGive[root] || recipientOf[root] !== -1 || onPath[root]) continue;
      stackNode.length = 0;
      stackEdge.length = 0;
      stackNode.push(root);
      stackEdge.push(start[root]!);
      onPath[root] = 1;
      let found = -1;
      while (stackNode.length > 0 && found === -1) {
        const top = stackNode.length - 1;
        const g = stackNode[top]!;
        let e = stackEdge[top]!;
        let advanced = false;
        for (; e < start[g + 1]!; e++) {
          const r = to[e]!;
          const v = n + r;
          if (forbidden[e] || !canReceive[r] || onPath[v] || recipientOf[g] === r) continue;
          if (cost(e) + potential[g]! - potential[v]! !== 0) continue;
          onPath[v] = 1;
          const next = giverOf[r]!;
          if (next === -1) {
            if (potential[v] === potential[sink]) {
              stackEdge[top] = e;
              found = e;
              advanced = true;
              break;
            }
            continue;
          }
          if (onPath[next]) continue;
          // A matched arc is always tight, so the step back to its giver costs nothing.
          onPath[next] = 1;
          stackEdge[top] = e + 1;
          stackNode.push(next);
          stackEdge.push(start[next]!);
          advanced = true;
          break;
        }
        if (!advanced) {
          stackNode.pop();
          stackEdge.pop();
        }
      }
      if (found === -1) continue;
      // Flip the path: the last giver takes the free recipient, each giver before takes the recipient
      // the next giver let go (the arc it stepped through is stackEdge − 1, as it advanced past it).
      for (let level = stackNode.length - 1; level >= 0; level--) {
        const g = stackNode[level]!;
        const e = level === stackNode.length - 1 ? found : stackEdge[level]! - 1;
        const r = to[e]!;
        recipientOf[g] = r;
        giverOf[r] = g;
        matchedEdge[r] = e;
      }
      matched++;
      if (++sinceYield >= 64) {
        sinceYield = 0;
        yield matched;
      }
    }
    yield matched;
  }
  return { recipientOf, giverOf, matched, phases };
}
