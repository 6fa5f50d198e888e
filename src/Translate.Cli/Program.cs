using Translate.Cli.Internal;

return await TranslateRootCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
