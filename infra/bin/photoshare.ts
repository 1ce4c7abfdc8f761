import { App } from 'aws-cdk-lib';
import { PhotoshareStack } from '../lib/photoshare-stack.js';

const app = new App();
new PhotoshareStack(app, 'Photoshare', {
  description: 'photoshare: API and worker on Fargate, S3, DynamoDB, SQS, Cognito, CloudFront',
  // Unset (env-agnostic) unless the CLI knows an account and region.
  ...(process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
    ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }
    : {}),
});
app.synth();
