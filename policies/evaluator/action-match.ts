/**
 * IAM action pattern matching, the way IAM does it: `service:Name` compared case-insensitively,
 * `*` matching any run of characters (including none, and across the colon: a bare `*` is every
 * action of every service), `?` matching exactly one character.
 *
 * Besides "does this pattern match that action" the evaluator needs two questions about patterns
 * themselves, because it reasons about open sets such as `aws-marketplace:*`:
 * - `patternsIntersect(a, b)`: is there an action both patterns match? (may-grant questions)
 * - `patternCovers(outer, inner)`: does `outer` match every action `inner` matches? (a Deny only
 *   removes what it certainly covers). This one is deliberately conservative: it may answer
 *   "no" for an exotic pair where the true answer is "yes", which can only make the guard report
 *   more, never less.
 */

const compiled = new Map<string, RegExp>();

/** A pattern compiled to an anchored, case-insensitive regular expression (cached: policies repeat). */
export function actionPatternRegExp(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (!regexp) {
    const body = pattern
      .split("")
      .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regexp = new RegExp(`^${body}$`, "is");
    compiled.set(pattern, regexp);
  }
  return regexp;
}

/** True when `pattern` (which may carry wildcards) matches the concrete `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  return actionPatternRegExp(pattern).test(action);
}

/** True when any of `patterns` matches `action`. */
export function anyActionMatches(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => actionMatches(pattern, action));
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** The service prefix of an action or pattern, lower-cased (`bedrock`), or undefined for a bare `*`-like pattern without colon. */
export function serviceOf(pattern: string): string | undefined {
  const colon = pattern.indexOf(":");
  return colon < 0 ? undefined : pattern.slice(0, colon).toLowerCase();
}

/**
 * Whether some action matches both patterns. Classic two-glob intersection: a `*` on either side
 * may swallow the other side's next symbol (a character, a `?` or even a `*`) or nothing.
 */
export function patternsIntersect(a: string, b: string): boolean {
  return walkPair(a, b, (x, y, i, j, go) => {
    if (i === x.length && j === y.length) return true;
    if (i < x.length && x[i] === "*") return go(i + 1, j) || (j < y.length && go(i, j + 1));
    if (j < y.length && y[j] === "*") return go(i, j + 1) || (i < x.length && go(i + 1, j));
    if (i === x.length || j === y.length) return false;
    return (x[i] === "?" || y[j] === "?" || x[i] === y[j]) && go(i + 1, j + 1);
  });
}

type Step = (x: string, y: string, i: number, j: number, go: (i: number, j: number) => boolean) => boolean;

/** Memoized walk over two lower-cased patterns by position (i in the first, j in the second). */
function walkPair(a: string, b: string, step: Step): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const width = y.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const result = step(x, y, i, j, go);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * Whether `outer` matches every action `inner` matches. Read `inner` as a string in which `*`
 * and `?` are symbols: `outer`'s `*` can stand for any of them, `outer`'s `?` only for one
 * character or a `?`, and an `outer` literal only for the same literal. Sound (never claims a
 * cover that does not hold); exact for the patterns policies actually contain.
 */
export function patternCovers(outer: string, inner: string): boolean {
  return walkPair(outer, inner, (x, y, i, j, go) => {
    if (i === x.length) return j === y.length;
    if (x[i] === "*") return go(i + 1, j) || (j < y.length && go(i, j + 1));
    if (j === y.length || y[j] === "*") return false;
    return (x[i] === "?" || x[i] === y[j]) && go(i + 1, j + 1);
  });
}
