// Building blocks of the API contract: a method is a parameter schema plus a
// phantom result type, marked as reading or writing the project.
import { z } from 'zod';

export interface MethodSpec<P extends z.ZodType, R> {
  params: P;
  /** phantom: never read at run time */
  result?: R;
  /** true when the method changes the project (refused on a read-only project) */
  writes: boolean;
}

export function read<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params, writes: false });
}
export function write<R>() {
  return <P extends z.ZodType>(params: P): MethodSpec<P, R> => ({ params, writes: true });
}

export const id = z.number().int().positive();
export const offset = z.number().int().nonnegative();
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must look like #RRGGBB');
export const none = z.object({}).strict();
