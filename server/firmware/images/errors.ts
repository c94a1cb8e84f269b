// Refusals of an upload the route answers with their own HTTP status (413, 422) rather than a plain 400.
import { AppError } from "../../core/app-error";

/** The body passed FIRMWARE_MAX_BYTES: reading stopped, the partial file deleted (HTTP 413). */
export class ImageTooLargeError extends AppError {
  constructor(limit: number) {
    super(
      "invalid_input",
      `The image is larger than the store's limit of ${limit} bytes (FIRMWARE_MAX_BYTES)`,
    );
    this.name = "ImageTooLargeError";
  }
}

/** Unsigned while signing is required, or a signature no trusted key made (HTTP 422). */
export class ImageRefusedError extends AppError {
  constructor(message: string) {
    super("invalid_input", message);
    this.name = "ImageRefusedError";
  }
}
