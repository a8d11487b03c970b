import { LocalBackend, type TerraformStack } from "cdktf";

/**
 * cdktf's default local backend records an absolute path, which makes the synthesized JSON
 * differ between two clones. State files live at the project root, next to cdktf.json; the
 * path is relative to the stack's working directory `cdktf.out/stacks/<stack>`.
 */
export function useLocalStateBackend(stack: TerraformStack, stackName: string): void {
  new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
}
