import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

/**
 * Fastify compiles a serializer for every route and status it declares; most
 * of ours share a schema (every route's error envelope, under four to six
 * statuses). Each compilation also carries the shared schemas, so one
 * serializer per distinct schema and set of shared schemas, reused, saves
 * several MB of the API's memory (bench/RESULTS.md).
 */
export function sharedSerializers(): SerializerFactory {
  const build = SerializerSelector();
  const compiled = new Map<string, Serializer>();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    const context = JSON.stringify([externalSchemas, options]);
    return (route) => {
      const key = `${context}\n${JSON.stringify(route.schema)}`;
      let serializer = compiled.get(key);
      if (!serializer) compiled.set(key, (serializer = compile(route)));
      return serializer;
    };
  };
}
