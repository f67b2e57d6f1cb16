export * from '#src/integrations/content-files.ts';
