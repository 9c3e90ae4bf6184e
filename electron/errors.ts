// An error whose message is meant for the user: it names the file, row or field.
import { ApiError, type ApiErrorBody } from '../shared/api/contract.js';

export class WeftError extends ApiError {
  constructor(message: string, code: ApiErrorBody['code'] = 'bad_request') {
    super(code, message);
    this.name = 'WeftError';
  }
}
