/**
 * The line each block of a Terraform JSON file starts on (`resource.<type>.<name>`, `data.…`,
 * `module.<name>`, `locals.<name>`), so that a finding on `cdk.tf.json` or a `.tf.json` names its
 * line as it does for a `.tf`. JSON.parse keeps no positions, so this is a small scanner that
 * follows the keys (arrays, which HCL JSON allows at every label level, are stepped through) and
 * records where the keys at label depth are. It runs only when a location is asked for.
 */

/** How many labels each top-level block type has, and the address prefix they get. */
const LABELLED: Readonly<Record<string, { labels: number; prefix: string }>> = {
  resource: { labels: 2, prefix: "" },
  data: { labels: 2, prefix: "data." },
  module: { labels: 1, prefix: "module." },
  output: { labels: 1, prefix: "output." },
  variable: { labels: 1, prefix: "variable." },
  locals: { labels: 1, prefix: "local." },
};

interface Frame {
  readonly array: boolean;
  /** The key this object or array is the value of (undefined inside an array). */
  readonly key: string | undefined;
}

/** Address → 1-based line of its key, for the first occurrence of each. Never throws: text that is not JSON gives what was found. */
export function jsonBlockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const frames: Frame[] = [];
  let line = 1;
  let key: string | undefined; // the last key read in the current object
  let expectKey = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === "\n") line++;
    else if (char === '"') {
      let value = "";
      for (at++; at < text.length && text[at] !== '"'; at++) {
        if (text[at] === "\\") at++;
        else if (text[at] === "\n") line++;
        value += text[at];
      }
      if (!expectKey) continue;
      key = value;
      const keys = [...frames.map((frame) => frame.key).filter((one): one is string => one !== undefined), value];
      const block = LABELLED[keys[0]];
      if (block && keys.length === block.labels + 1) {
        const address = `${block.prefix}${keys.slice(1).join(".")}`;
        if (!lines.has(address)) lines.set(address, line);
      }
    } else if (char === "{" || char === "[") {
      frames.push({ array: char === "[", key: frames.length === 0 || frames[frames.length - 1].array ? undefined : key });
      key = undefined;
      expectKey = char === "{";
    } else if (char === "}" || char === "]") {
      frames.pop();
      expectKey = false;
    } else if (char === ",") {
      expectKey = frames.length > 0 && !frames[frames.length - 1].array;
    } else if (char === ":") {
      expectKey = false;
    }
  }
  return lines;
}
