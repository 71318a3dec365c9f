import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../../src/config.js";
import { packageRoot } from "../../src/store/migrations-folder.js";
import { startTestServer } from "../support/app-server.js";
import { testDatabases } from "../support/databases.js";
import { TEST_PRIVATE_KEY, TEST_SECRET } from "../support/webhooks.js";

const ROOT = packageRoot();
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const packageJson = JSON.parse(read("package.json")) as { scripts: Record<string, string>; engines: { node: string } };
/** Read by node-postgres itself, not by config.ts: how TLS to the database is checked. */
const LIBRARY_VARIABLES = ["PGSSLMODE"];
/** What someone deploying types in: the GitHub App's credentials. */
const APP = { APP_ID: "42", PRIVATE_KEY: TEST_PRIVATE_KEY, WEBHOOK_SECRET: TEST_SECRET };
const [sqlite] = await testDatabases();

const unknownVariables = (names: string[]) => names.filter((name) => !CONFIG_VARIABLES.includes(name) && !LIBRARY_VARIABLES.includes(name));

/** An npm command a platform runs ("npm ci", "npm start", "npm run migrate"): the script it names exists. */
function npmScriptOf(command: string): string | null {
  const match = /^npm (?:run )?(\S+)$/.exec(command);
  if (match === null) return null;
  return match[1] === "ci" || match[1] === "install" ? "(install)" : (packageJson.scripts[match[1]!] ?? null);
}

describe("the Heroku button (app.json, Procfile)", () => {
  const manifest = JSON.parse(read("app.json")) as {
    env: Record<string, { description?: string; value?: string; required?: boolean }>;
    addons: { plan: string; as?: string }[];
    formation: Record<string, unknown>;
  };

  test("asks for the app's credentials, describes every variable, and names only variables Code Buddy reads", () => {
    expect(unknownVariables(Object.keys(manifest.env))).toEqual([]);
    for (const [name, variable] of Object.entries(manifest.env)) expect({ name, described: (variable.description ?? "").length > 20 }).toEqual({ name, described: true });
    const required = Object.entries(manifest.env)
      .filter(([, variable]) => variable.required === true)
      .map(([name]) => name);
    expect(required.sort()).toEqual(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]);
  });

  test("with the PostgreSQL add-on's DATABASE_URL it starts on a dyno; without it, it refuses and says what to run", () => {
    expect(manifest.addons.map((addon) => addon.plan.split(":")[0])).toContain("heroku-postgresql");
    const values = Object.fromEntries(Object.entries(manifest.env).flatMap(([name, variable]) => (variable.value === undefined ? [] : [[name, variable.value]])));
    const onDyno = { ...values, ...APP, DYNO: "web.1", PORT: "41234" };
    const config = loadConfig({ ...onDyno, DATABASE_URL: "postgres://u:p@ec2-3-4-5-6.compute-1.amazonaws.com:5432/d1" });
    expect(config).toMatchObject({ host: "0.0.0.0", port: 41234, logFormat: "json", app: { appId: 42 } });
    expect(() => loadConfig(onDyno)).toThrow(ConfigError);
    expect(() => loadConfig(onDyno)).toThrow(/heroku addons:create heroku-postgresql/);
  });

  test("the release phase migrates and the web process serves, both from the build", () => {
    const processes = Object.fromEntries(
      read("Procfile")
        .trim()
        .split("\n")
        .map((line) => line.split(/:\s*/, 2) as [string, string]),
    );
    expect(processes).toEqual({ release: "node dist/cli.js migrate", web: "node dist/main.js" });
    expect(Object.keys(manifest.formation)).toEqual(["web"]);
    for (const file of ["dist/cli.js", "dist/main.js"]) expect({ file, built: existsSync(join(ROOT, file)) }).toEqual({ file, built: true });
  });

  test("engines gives the platforms Node 24 and keeps Node 20.19", () => {
    expect(packageJson.engines.node).toBe("^20.19.0 || ^24.0.0");
  });
});

describe("the Render blueprint (render.yaml)", () => {
  const blueprint = parseYaml(read("render.yaml")) as {
    services: {
      type: string;
      runtime: string;
      buildCommand: string;
      preDeployCommand: string;
      startCommand: string;
      healthCheckPath: string;
      envVars: { key: string; value?: string; sync?: boolean; fromDatabase?: { name: string; property: string } }[];
    }[];
    databases: { name: string }[];
  };
  const [web] = blueprint.services;

  test("one Node web service, built and migrated with the package's own scripts, checked on /health", () => {
    expect(blueprint.services).toHaveLength(1);
    expect(web).toMatchObject({ type: "web", runtime: "node", healthCheckPath: "/health" });
    for (const command of [web!.buildCommand, web!.preDeployCommand, web!.startCommand]) expect({ command, script: npmScriptOf(command) }).not.toEqual({ command, script: null });
    expect(npmScriptOf(web!.preDeployCommand)).toBe("node dist/cli.js migrate");
  });

  test("names only variables Code Buddy reads, prompts for the secrets, and takes DATABASE_URL from its PostgreSQL database", () => {
    expect(unknownVariables(web!.envVars.map((variable) => variable.key))).toEqual([]);
    const prompted = web!.envVars.filter((variable) => variable.sync === false).map((variable) => variable.key);
    expect(prompted).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]));
    const database = web!.envVars.find((variable) => variable.key === "DATABASE_URL")!;
    expect(database.fromDatabase).toEqual({ name: blueprint.databases[0]!.name, property: "connectionString" });
    const values = Object.fromEntries(web!.envVars.flatMap((variable) => (variable.value === undefined ? [] : [[variable.key, variable.value]])));
    const config = loadConfig({ ...values, ...APP, PORT: "10000", DATABASE_URL: "postgresql://code_buddy:pw@dpg-abc123-a:5432/code_buddy" });
    expect(config).toMatchObject({ host: "0.0.0.0", port: 10000, logFormat: "json", databaseUrl: expect.stringMatching(/^postgresql:/) });
  });
});

/** The instructions of a Dockerfile, continuation lines joined, comments dropped. */
function dockerInstructions(text: string): { instruction: string; args: string }[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction!.toUpperCase(), args: rest.join(" ") };
    });
}

describe("the container image (Dockerfile, .dockerignore; docker cannot build here, so its parts are checked)", () => {
  const instructions = dockerInstructions(read("Dockerfile"));
  const stages = instructions.map((step, at) => (step.instruction === "FROM" ? at : -1)).filter((at) => at >= 0);
  const runtime = instructions.slice(stages.at(-1));
  const healthcheck = runtime.find((step) => step.instruction === "HEALTHCHECK")!;
  const healthcheckCommand = JSON.parse(healthcheck.args.slice(healthcheck.args.indexOf("CMD") + 3)) as string[];

  test("builds in one stage and runs in another, as a user other than root, on 0.0.0.0, the SQLite file on a volume", () => {
    expect(instructions.filter((step) => step.instruction === "FROM").map((step) => step.args)).toEqual(["node:24-bookworm-slim AS build", "node:24-bookworm-slim"]);
    const user = runtime.filter((step) => step.instruction === "USER").at(-1)?.args;
    expect(user).toBe("node");
    const env = runtime
      .filter((step) => step.instruction === "ENV")
      .map((step) => step.args)
      .join(" ");
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bDATABASE_URL=file:\/data\//);
    expect(runtime.find((step) => step.instruction === "VOLUME")?.args).toBe("/data");
    expect(JSON.parse(runtime.find((step) => step.instruction === "CMD")!.args)).toEqual(["node", "dist/main.js"]);
    const copied = runtime.filter((step) => step.instruction === "COPY").flatMap((step) => step.args.replace("--from=build", "").trim().split(/\s+/).slice(0, -1));
    for (const path of copied) expect({ path, exists: existsSync(join(ROOT, path.replace(/^\/app\//, ""))) }).toEqual({ path, exists: true });
  });

  test("its HEALTHCHECK command passes while /health answers 200 and fails once the server is gone", async () => {
    const { db, drop } = await sqlite!.create();
    const server = await startTestServer({ db });
    const run = (port: string) =>
      promisify(execFile)(healthcheckCommand[0] === "node" ? process.execPath : healthcheckCommand[0]!, healthcheckCommand.slice(1), { env: { PORT: port }, timeout: 10_000 }).then(
        () => 0,
        (error: { code?: number }) => error.code,
      );
    const port = new URL(server.url).port;
    try {
      expect(healthcheckCommand[0]).toBe("node");
      expect(healthcheckCommand.join(" ")).toContain("/health");
      expect(await run(port)).toBe(0);
    } finally {
      await server.close();
      await drop();
    }
    expect(await run(port)).toBe(1);
  });

  test("a production install (npm ci --omit=dev: this stage, and Render) has every type package its build (postinstall) needs", () => {
    const { dependencies, devDependencies } = JSON.parse(read("package.json")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const buildTypes = (JSON.parse(read("tsconfig.build.json")) as { compilerOptions: { types: string[] } }).compilerOptions.types.map((name) => `@types/${name}`);
    const typesOfDependencies = Object.keys(devDependencies).filter((name) => name.startsWith("@types/") && Object.hasOwn(dependencies, name.slice("@types/".length)));
    expect({ devOnly: typesOfDependencies, missing: buildTypes.filter((name) => !Object.hasOwn(dependencies, name)) }).toEqual({ devOnly: [], missing: [] });
    expect(Object.keys(dependencies)).toEqual(expect.arrayContaining(["typescript", "prisma"]));
  });

  test(".dockerignore keeps local state, secrets and host-built modules out, and everything the build needs in", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", "src/generated", ".env", "*.pem", "data", ".git"]));
    for (const needed of ["src", "prisma", "scripts", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "app.yml"])
      expect(ignored).not.toContain(needed);
  });
});

describe("docker compose with PostgreSQL (compose.yaml)", () => {
  const text = read("compose.yaml");
  const compose = parseYaml(text) as {
    services: Record<string, { environment: Record<string, string>; depends_on?: Record<string, { condition: string }>; volumes?: string[]; image?: string; build?: string }>;
  };
  const app = compose.services["code-buddy"]!;
  /** What compose makes of `${NAME:?message}` once NAME is set in .env. */
  const interpolate = (value: string, vars: Record<string, string>) => value.replace(/\$\{(\w+)(:\?[^}]*)?\}/g, (_match, name: string) => vars[name] ?? "");

  test("runs the image against the postgres service once it is healthy, with no password written in the file", () => {
    expect(app.build).toBe(".");
    expect(app.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(compose.services.postgres!.image).toMatch(/^postgres:\d+/);
    expect(app.environment.DATABASE_URL).toContain("${POSTGRES_PASSWORD:?");
    expect(compose.services.postgres!.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(app.volumes).toEqual(["code-buddy:/data"]);
  });

  test("its environment, with the password from .env, is a valid configuration on PostgreSQL at the postgres service", () => {
    const environment = Object.fromEntries(Object.entries(app.environment).map(([name, value]) => [name, interpolate(value, { POSTGRES_PASSWORD: "0123abcd" })]));
    expect(unknownVariables(Object.keys(environment))).toEqual([]);
    const config = loadConfig({ ...environment, ...APP });
    expect(config).toMatchObject({ host: "0.0.0.0", port: 3000 });
    expect(new URL(config.databaseUrl)).toMatchObject({ protocol: "postgresql:", hostname: "postgres", password: "0123abcd" });
  });
});
