/**
 * The import lines a cdktf app changes to run on CDK Terrain, as "Moving to CDK Terrain"
 * (docs/deploying.md) tells a user: cdktf's and the provider's packages renamed as the CDK
 * Terrain build renames them (scripts/cdktn-sources.ts), and this package's entry for its
 * `/cdktn` one. Nothing else in the program changes.
 */
import { cdktnSpecifier } from "../../scripts/cdktn-sources";

export function renameImportsForCdktn(source: string): string {
  return source.replace(/^(import .* from ")([^"]+)(";)$/gm, (_line, head: string, specifier: string, tail: string) => {
    const renamed = specifier === "cdktf-bedrock-chatbot" ? "cdktf-bedrock-chatbot/cdktn" : (cdktnSpecifier(specifier) ?? specifier);
    return `${head}${renamed}${tail}`;
  });
}
