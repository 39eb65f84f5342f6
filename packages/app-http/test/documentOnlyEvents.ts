// Events deps for apps over in-memory fakes: the /events and /webhooks routes exist (so the
// document lists them), and calling one fails loudly; their behaviour is tested over PGlite and PostgreSQL.
import type { AppDeps } from "../src/createApp.js";

const unwired = (name: string) =>
  new Proxy(
    {},
    {
      get: (_target, property) => () => {
        throw new Error(`${name}.${String(property)} is not wired in this app (events run over SQL only)`);
      },
    },
  );

export const documentOnlyEvents = (): NonNullable<AppDeps["events"]> =>
  ({ feed: unwired("feed"), webhooks: unwired("webhooks") }) as unknown as NonNullable<AppDeps["events"]>;
