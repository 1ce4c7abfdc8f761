import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface FirewallProps {
  /** The ALB the web ACL guards. */
  loadBalancerArn: string;
  requestsPerIpPer5Min: number;
  authRequestsPerIpPer5Min: number;
}

const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });

/** Rate limits per client IP (overall, and tighter on sign-in) and AWS's known-bad-inputs rules, on the ALB. */
export class Firewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('photoshare-api'),
      rules: [
        {
          name: 'requests-per-ip',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.requestsPerIpPer5Min, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('requests-per-ip'),
        },
        {
          // Password guessing: /auth/* gets a much smaller budget.
          name: 'auth-requests-per-ip',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.authRequestsPerIpPer5Min,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/auth/',
                  textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('auth-requests-per-ip'),
        },
        {
          // Not the common rule set: its 8 KB body limit would block every photo upload.
          name: 'known-bad-inputs',
          priority: 2,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
          visibilityConfig: visibility('known-bad-inputs'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'OnLoadBalancer', {
      resourceArn: props.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
