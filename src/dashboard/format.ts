// How the dashboard writes a figure: one decimal at most, "–" for no data.
export const format = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export const show = (value: number | null | undefined) => (value === null || value === undefined ? '–' : format.format(value));

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${format.format(value * 100)}%`;
