// Kept in step with package.json by hand (a JSON import would pull package.json into the bundle).
export const CLI_VERSION = '0.1.0';
