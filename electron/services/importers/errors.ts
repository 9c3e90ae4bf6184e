// An import that fails because of the file itself: its message is shown as is,
// after the file name.
export class ImportFormatError extends Error {}
