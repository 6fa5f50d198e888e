using Translate.Cli;

return await TranslateCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
