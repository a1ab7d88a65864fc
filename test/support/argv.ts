/**
 * The one argument a harness child process takes (the load bench's server and generator, the
 * flooder): a JSON document in argv[2], decoded with io-ts. Anything else is a usage error:
 * the message on stderr and exit code 2.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

export const jsonArgument = <A>(codec: t.Decoder<unknown, A>, usage: string): A => {
  const usageError = (): never => {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  };
  let json: unknown;
  try {
    json = JSON.parse(process.argv[2] ?? 'null') as unknown;
  } catch {
    return usageError();
  }
  const decoded = codec.decode(json);
  return E.isRight(decoded) ? decoded.right : usageError();
};
