import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaContainer, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

// The project compiles with types ["node"] only, which do not declare the WebAssembly global.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, Record<string, unknown>>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let loading: Promise<void> | undefined;

/**
 * The engine arms a 10 s timeout around PostgreSQL's advisory lock and never clears it, which kept
 * a finished CLI alive for 10 s. Unref'd timers still fire, but no longer hold the process open.
 */
function withUnrefTimers(imports: object): Record<string, unknown> {
  const wrapped: Record<string, unknown> = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof value === "function") {
      wrapped[name] = (...args: unknown[]) => {
        const timer: unknown = (value as (...args: unknown[]) => unknown)(...args);
        // Not instanceof: under jest the timer comes from another realm.
        if (typeof timer === "object" && timer !== null && "unref" in timer && typeof timer.unref === "function") (timer.unref as () => void)();
        return timer;
      };
    }
  }
  return wrapped;
}

/**
 * The package's main entry imports the .wasm file as an ES module, which Node 20 cannot do,
 * so the bindings are wired to an instance compiled here, once per process.
 */
function loadWasm(): Promise<void> {
  loading ??= (async () => {
    const bindingsPath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(join(dirname(bindingsPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": withUnrefTimers(bindings) });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Adapters the engine opened; it never disposes them itself, so a pool or file handle would outlive the engine. */
function trackAdapters(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => (disposed ??= dispose());
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
  const disposeAll = async () => {
    const results = await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failure) throw failure.reason;
  };
  return { factory: tracked, disposeAll };
}

/** Runs `work` with a schema engine bound to `factory`, then frees the engine and closes every connection it opened. */
export async function withSchemaEngine<T>(schemaFiles: SchemaContainer[], factory: SqlMigrationAwareDriverAdapterFactory, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const { factory: tracked, disposeAll } = trackAdapters(factory);
  try {
    const engine = await bindings.SchemaEngine.new(
      { datamodels: schemaFiles.map((file): [string, string] => [file.path, file.content]) },
      () => {},
      bindMigrationAwareSqlAdapterFactory(tracked),
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await disposeAll();
  }
}
