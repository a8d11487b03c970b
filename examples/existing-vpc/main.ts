/**
 * Example 2: the chatbot composed into a stack of your own that already owns the network.
 *
 * The platform team's stack has its VPC and isolated subnets (here created in the same program;
 * in real life often read with data sources). The chatbot's request path (ChatbotDataPlane) is
 * added to that same stack and runs in those subnets: no second VPC, no peering. The guardrail
 * is created alongside; the admin role already exists and is passed as a ref.
 *
 *   npx cdktf synth        (from this folder; or: npx tsx examples/existing-vpc/main.ts)
 */
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { BedrockGuardrail, ChatbotDataPlane } from "cdktf-bedrock-chatbot";
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
