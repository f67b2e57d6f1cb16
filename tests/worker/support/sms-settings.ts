/** The SMS settings of the Worker tests (vitest.config.ts): the webhook provider, at a fake gateway. */
export const SMS_TEST_SETTINGS = {
  SMS_PROVIDER: 'webhook',
  SMS_WEBHOOK_URL: 'https://sms-gateway.test/send',
  SMS_WEBHOOK_SECRET: 'test-webhook-secret',
  SMS_RETRY_BASE_SECONDS: '0',
  SMS_QUIET_HOURS: 'off',
};
