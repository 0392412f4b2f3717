// Secrets are not in wrangler.toml, so `wrangler types` cannot know them; they are set with
// `wrangler secret put NAME` (or .dev.vars locally) and are all optional.
declare namespace Cloudflare {
  interface Env {
    GITHUB_TOKEN?: string;
    GITHUB_APP_ID?: string;
    GITHUB_APP_PRIVATE_KEY?: string;
    REPORT_TOKEN?: string;
    REPORT_WEBHOOK_URL?: string;
    GITHUB_WEBHOOK_SECRET?: string;
    PUBLIC_REPORT?: string;
    /** The Worker's public address (npm run setup writes it into [vars] after the first deploy). */
    PUBLIC_URL?: string;
    CF_ACCOUNT_ID?: string;
    CF_API_TOKEN?: string;
    CF_API_URL?: string;
    ANALYTICS_DATASET?: string;
  }
}
