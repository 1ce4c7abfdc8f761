import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { MIN_PASSWORD_LENGTH } from '../../src/domain/password-policy.js';
import type { StackSettings } from './settings.js';

export interface UserPoolProps {
  google: StackSettings['google'];
  /** Where the hosted sign-in returns to when a social provider is on. */
  publicUrl: string;
}

/**
 * Sign-in by email. The API calls SignUp, ConfirmSignUp, InitiateAuth
 * (USER_PASSWORD_AUTH) and RevokeToken: public Cognito operations that need
 * the app client id, not IAM permissions.
 */
export class UserPool extends Construct {
  readonly pool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The identity providers the API offers as "Sign in with …" (COGNITO_OAUTH_PROVIDERS). */
  readonly socialProviders: string[] = [];

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    this.pool = new cognito.UserPool(this, 'Pool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      selfSignUpEnabled: true,
      standardAttributes: { email: { required: true, mutable: true } },
      // The API refuses single-class passwords before Cognito sees them; Cognito adds the same length floor.
      passwordPolicy: {
        minLength: MIN_PASSWORD_LENGTH,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      // Refresh token rotation needs the Essentials plan; set, not left to CDK's default, which only new pools get.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // What the AwsSolutions audit asks of a user pool that this one does not do, and why (test/infra/cdk-nag.test.ts).
    const audit = Validations.of(this.pool);
    audit.acknowledge({
      id: 'AwsSolutions-COG1',
      reason:
        "The service's password rule (src/domain/password-policy.ts) is at least 8 characters from at least two classes. " +
        'Cognito cannot express "two of four"; requiring upper case, digits and symbols each would refuse passwords ' +
        'the API accepts, so Cognito holds the same length floor and the API checks the classes before Cognito.',
    });
    audit.acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is OPTIONAL with TOTP only (no SMS). Requiring it would lock every user out: the API does not yet answer ' +
        "Cognito's SOFTWARE_TOKEN_MFA challenge or enrol authenticators; issue 14 brings TOTP sign-in.",
    });
    audit.acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus feature plan, billed per monthly active user on top of Essentials. Password ' +
        "guessing is held off by the WAF rate limit on /auth/ (Firewall) and Cognito's own sign-in lockout.",
    });

    const providers = [cognito.UserPoolClientIdentityProvider.COGNITO];
    let google: cognito.UserPoolIdentityProviderGoogle | null = null;
    if (props.google) {
      google = new cognito.UserPoolIdentityProviderGoogle(this, 'Google', {
        userPool: this.pool,
        clientId: props.google.clientId,
        clientSecretValue: SecretValue.secretsManager(props.google.clientSecretName),
        scopes: ['openid', 'email', 'profile'],
        // email_verified too: the API signs in only an identity whose email the provider vouches for.
        attributeMapping: {
          email: cognito.ProviderAttribute.GOOGLE_EMAIL,
          emailVerified: cognito.ProviderAttribute.GOOGLE_EMAIL_VERIFIED,
        },
      });
      this.pool.addDomain('HostedSignIn', { cognitoDomain: { domainPrefix: props.google.domainPrefix } });
      providers.push(cognito.UserPoolClientIdentityProvider.GOOGLE);
      this.socialProviders.push('Google');
    }

    this.client = this.pool.addClient('Api', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.days(30),
      // Each refresh answers a new refresh token; the spent one is refused after 10 s (two tabs refreshing at once).
      refreshTokenRotationGracePeriod: Duration.seconds(10),
      supportedIdentityProviders: providers,
      ...(props.google && {
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          // The API's callback (src/routes/oauth.ts) exchanges the code with its PKCE verifier.
          callbackUrls: [`${props.publicUrl}/auth/oauth/callback`],
          logoutUrls: [`${props.publicUrl}/`],
        },
      }),
    });
    if (google) this.client.node.addDependency(google);
  }
}
