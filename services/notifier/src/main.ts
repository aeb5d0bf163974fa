import { runProcess } from '@loyalty/runtime';
import { loadCampaignSenderConfig, loadNotifierConfig } from './config.js';
import { startCampaignSender, startCognitoSenderLocally, startNotifier } from './local.js';

await runProcess('notifier', async (logger) => {
  const config = loadNotifierConfig();
  const campaignConfig = loadCampaignSenderConfig();
  const consumer = await startNotifier(config, logger);
  const campaigns = await startCampaignSender(campaignConfig, logger);
  const invoke = config.LOCAL_LAMBDA_PORT === undefined ? undefined : await startCognitoSenderLocally(config.LOCAL_LAMBDA_PORT, process.env, logger);
  if (invoke) logger.info({ url: invoke.url }, 'serving the CustomEmailSender trigger for cognito-local');
  return {
    async stop() {
      await invoke?.close();
      await campaigns.stop();
      await consumer.stop();
    },
  };
});
