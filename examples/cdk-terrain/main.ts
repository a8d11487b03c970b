/**
 * Example 4: examples/existing-vpc on CDK Terrain (`cdktn`, `@cdktn/provider-aws`), the community
 * continuation of cdktf. The program is the same; only its imports name other packages:
 *
 *   cdktf                          -> cdktn
 *   @cdktf/provider-aws/lib/...    -> @cdktn/provider-aws/lib/...
 *   cdktf-bedrock-chatbot          -> cdktf-bedrock-chatbot/cdktn
 *
 * Its Terraform JSON is existing-vpc's, resource for resource and address for address; only the
 * version pins differ (the AWS provider 6.66.0 that @cdktn/provider-aws 25.7.0 is generated for,
 * and cdktn's own version in the metadata). A test holds the two examples to that.
 *
 *   npx cdktn synth        (from this folder, on Node >= 22.19; or, on any Node: npx tsx examples/cdk-terrain/main.ts)
 */
import { DefaultSecurityGroup } from "@cdktn/provider-aws/lib/default-security-group";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { RouteTable } from "@cdktn/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktn/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import { Subnet } from "@cdktn/provider-aws/lib/subnet";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { App, TerraformOutput, TerraformStack } from "cdktn";
import { BedrockGuardrail, ChatbotDataPlane } from "cdktf-bedrock-chatbot/cdktn";
import type { Construct } from "constructs";

class PlatformNetworkStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-central-1", defaultTags: [{ tags: { Owner: "platform" } }] });

    // The network this stack already owned before the chatbot arrived: private, no internet route.
    const vpc = new Vpc(this, "vpc", { cidrBlock: "10.70.0.0/16", enableDnsSupport: true, enableDnsHostnames: true });
    // AWS gives every VPC a default security group that admits all traffic among its members; managed without rules, it admits none.
    new DefaultSecurityGroup(this, "vpc-default-security-group", { vpcId: vpc.id });
    const routes = new RouteTable(this, "private-routes", { vpcId: vpc.id });
    const subnets = ["a", "b"].map((zone, index) => {
      const subnet = new Subnet(this, `private-${zone}`, { vpcId: vpc.id, cidrBlock: `10.70.${index}.0/24`, availabilityZone: `eu-central-1${zone}` });
      new RouteTableAssociation(this, `private-${zone}-routes`, { subnetId: subnet.id, routeTableId: routes.id });
      return subnet;
    });

    // The administrators' hosts (a bastion, SSM-managed instances): the only ones that may reach the control-plane endpoint.
    const admins = new SecurityGroup(this, "bedrock-admins", { name: "bedrock-admins", description: "Bedrock administrators' hosts", vpcId: vpc.id });

    // The chatbot, in the same stack and the same subnets.
    const guardrail = new BedrockGuardrail(this, "chat-guardrail", { name: "assistant-chat" });
    const chatbot = new ChatbotDataPlane(this, "assistant", {
      namePrefix: "assistant",
      // In eu-central-1 Nova Pro is served only through the EU cross-region profile. ChatbotDataPlane
      // sees the provider's region as a token, so synth checks the id against every region's ids.
      models: [{ modelId: "eu.amazon.nova-pro-v1:0" }],
      systemPrompt: "You help employees find internal documentation. Be brief.",
      network: { vpcId: vpc.id, subnetIds: subnets.map((subnet) => subnet.id) },
      guardrail,
      controlPlaneEndpoint: {
        adminRole: { roleArn: "arn:aws:iam::111122223333:role/BedrockAdmin", roleName: "BedrockAdmin" },
        sources: { securityGroupIds: [admins.id] },
      },
      api: { responseMode: "STREAM" },
    });

    new TerraformOutput(this, "assistant_chat_api_url", { value: chatbot.api.chatUrl });
    new TerraformOutput(this, "assistant_app_role_arn", { value: chatbot.appRole.roleArn });
  }
}

const app = new App();
new PlatformNetworkStack(app, "platform-network");
app.synth();
