using Translate.Cli.Internal;

return await TranslateCli.InvokeAsync(args).ConfigureAwait(false);
