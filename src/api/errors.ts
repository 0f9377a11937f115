/** An API refusal: the status and the `detail` Sentry's API would give. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'The requested resource does not exist'): ApiError => new ApiError(404, what);
export const badInput = (detail: string): ApiError => new ApiError(400, detail);
