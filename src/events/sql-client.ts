/** Analytics Engine's SQL API: POST the query, read JSON rows. The token never appears in an error. */
export interface AnalyticsSqlConfig {
  accountId: string;
  apiToken: string;
  /** https://api.cloudflare.com/client/v4, or a stand-in in tests. */
  apiUrl: string;
}

export async function queryAnalyticsEngine(config: AnalyticsSqlConfig, sql: string): Promise<unknown> {
  const url = `${config.apiUrl}/accounts/${encodeURIComponent(config.accountId)}/analytics_engine/sql`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.apiToken}` },
    body: sql,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    const hint =
      response.status === 401 || response.status === 403
        ? ': check CF_API_TOKEN (it needs "Account Analytics: Read") and CF_ACCOUNT_ID'
        : '';
    throw new Error(`Analytics Engine SQL API answered ${response.status}${hint}`);
  }
  const body = (await response.json()) as { data?: unknown };
  return body.data;
}
