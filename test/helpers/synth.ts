import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { PhotoshareStack } from '../../infra/lib/photoshare-stack.js';

export const INFRA = path.join(import.meta.dirname, '..', '..', 'infra');

/** The context a user deploys with (infra/cdk.json: feature flags and defaults), plus overrides. */
export function deployedContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(INFRA, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return { ...cdkJson.context, ...overrides };
}

/** Synthesizes the stack offline, as `cdk synth` does, into a temporary cloud assembly. */
export function synth(t: Test, overrides: Record<string, unknown> = {}): Template {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'photoshare-cdk-'));
  t.teardown(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });
  const app = new App({ outdir, context: deployedContext(overrides) });
  return Template.fromStack(new PhotoshareStack(app, 'Photoshare'));
}

export const PUBLIC_KEY_PEM =
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest\n-----END PUBLIC KEY-----\n';

/** Every resource of a type, as [logicalId, properties]. */
export function resources(template: Template, type: string): [string, Record<string, any>][] {
  return Object.entries(template.findResources(type)).map(([id, r]) => [
    id,
    (r as { Properties?: Record<string, any> }).Properties ?? {},
  ]);
}

/** The single resource of a type whose logical id starts with a prefix (or matches a pattern). */
export function resource(template: Template, type: string, name: string | RegExp): Record<string, any> {
  const found = resources(template, type).filter(([id]) => (typeof name === 'string' ? id.startsWith(name) : name.test(id)));
  if (found.length !== 1)
    throw new Error(`expected one ${type} named ${name}, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0]![1];
}
