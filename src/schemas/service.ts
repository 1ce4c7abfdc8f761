import { Type } from 'typebox';
import { StringEnum } from './common.js';

export const Health = Type.Object({ status: Type.Literal('ok') });

export const Readiness = Type.Object({
  status: StringEnum(['ready', 'not_ready']),
  checks: Type.Record(Type.String(), StringEnum(['ok', 'unavailable'])),
});

export const Settings = Type.Object({
  maxUploadBytes: Type.Integer({ description: 'Larger uploads are refused with 413' }),
  maxUploadsInFlight: Type.Integer({ description: 'Uploads one user may send at once; more are refused with 429' }),
});
