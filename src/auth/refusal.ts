import { HttpError } from "../http/http-error.js";

export const HOW_TO_GET_A_TOKEN =
  'Create a token on the Code Buddy server with: code-buddy token create <name> --repo owner/name (or --repo "owner/*" or --repo "*"; add --private for private repositories), then send it as "Authorization: Bearer <token>".';

/** The RFC 6750 error codes a bearer challenge may carry. */
export type BearerError = "invalid_request" | "invalid_token";

/** A 401 that says what was wrong (`message`) and how to get in, with the surface's WWW-Authenticate challenge. */
export type Refusal = (message: string, error?: BearerError) => HttpError;

const quoted = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

export interface RefusalOptions {
  /** The Protected Resource Metadata (RFC 9728) of the surface, named in every challenge when Sign in with GitHub is on. */
  resourceMetadataUrl: string | null;
  /** How to get a credential this surface accepts. */
  help: string;
}

/**
 * How one surface turns a request away: `Bearer realm="code-buddy"`, the
 * resource metadata that lets an MCP host start the sign-in by itself, and
 * with an error code, its description.
 */
export function bearerRefusal({ resourceMetadataUrl, help }: RefusalOptions): Refusal {
  return (message, error) => {
    const challenge = [
      'Bearer realm="code-buddy"',
      ...(resourceMetadataUrl ? [`resource_metadata=${quoted(resourceMetadataUrl)}`] : []),
      ...(error ? [`error=${quoted(error)}`, `error_description=${quoted(message)}`] : []),
    ].join(", ");
    return new HttpError(401, `${message} ${help}`, { "www-authenticate": challenge });
  };
}
