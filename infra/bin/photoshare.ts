import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PhotoshareStack } from '../lib/photoshare-stack.js';

const app = new App();
// The AwsSolutions audit runs on every synth and deploy: a finding neither fixed nor acknowledged in the stack fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
new PhotoshareStack(app, 'Photoshare', {
  description: 'photoshare: API and worker on Fargate, S3, DynamoDB, SQS, Cognito, CloudFront',
  // Unset (env-agnostic) unless the CLI knows an account and region.
  ...(process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
    ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }
    : {}),
});
app.synth();
