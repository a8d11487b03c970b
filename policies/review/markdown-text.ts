/** Text helpers of the markdown report: readable references, safe table cells. */

/**
 * Display-only shortening of the references cdktf writes everywhere, so that ARNs stay readable:
 * `${data.aws_partition.context_partition_B73F2326.partition}` → `${partition}`, and a
 * cross-stack output → `${<stack>:<output>}`. The JSON output keeps them verbatim.
 */
export function shortenReferences(text: string): string {
  return text
    .replace(/\$\{data\.aws_(?:partition|region|caller_identity)\.[\w-]+\.(\w+)\}/g, "${$1}")
    .replace(/\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.cross-stack-output-([\w-]+)\}/g, "${$1:$2}");
}

/** A table cell: code-formatted, pipes escaped, newlines flattened. */
export function code(text: string): string {
  const clean = shortenReferences(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  return clean.includes("`") ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** ` (iam.tf:42)` after a finding's statement or resource, when the input says where it is written. */
export function where(location: { readonly file: string; readonly line?: number } | undefined): string {
  if (!location) return "";
  return ` (${cell(location.line !== undefined ? `${location.file}:${location.line}` : location.file)})`;
}
