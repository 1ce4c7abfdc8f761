import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/** A nullable scalar or object as `type: [t, "null"]` (not anyOf): validated and serialized as fast as the plain type. */
export const Nullable = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

/** A reference to a shared schema (added with app.addSchema), typed as the schema it names. */
export function Ref<T extends TSchema>(schema: T) {
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id !== 'string') throw new Error('Ref needs a schema with an $id');
  return Type.Unsafe<Static<T>>({ $ref: `${id}#` });
}

/** One of a few strings, as `enum` (what OpenAPI tools and readers expect), typed as their union. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, ...options });

export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, machine-readable: not_found, invalid_request, payload_too_large, …' }),
      message: Type.String({ description: 'For people; may change' }),
    }),
  },
  { $id: 'Error', description: 'Every error, whatever the route' },
);
export type ErrorBody = Static<typeof ErrorBody>;

type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 410 | 413 | 415 | 429 | 500 | 503;

/** The error envelope under each status a route can answer with; 500 is added to every route. */
export function errors<S extends ErrorStatus = never>(...statuses: S[]): Record<S | 500, TUnsafe<ErrorBody>> {
  const ref = Ref(ErrorBody);
  return Object.fromEntries([...statuses, 500].map((status) => [status, ref])) as Record<S | 500, typeof ref>;
}

export const NoContent = Type.Unsafe<undefined>({ type: 'null', description: 'No content' });

export const Redirect = Type.Unsafe<undefined>({ type: 'null', description: 'A redirect: the Location header names the target' });

export const NotModified = Type.Unsafe<undefined>({
  type: 'null',
  description: 'Not modified: the copy the client holds is current (If-None-Match)',
});

/** Bytes of an image, for responses that send one. */
export const ImageBytes = {
  description: 'The image',
  content: {
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    'image/*': { schema: { type: 'string', format: 'binary' } },
  },
} as const;
