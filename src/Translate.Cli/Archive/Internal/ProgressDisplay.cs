using Spectre.Console;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// Shows a run's progress on standard error while it works: a live Spectre.Console bar when standard error is a
/// terminal, otherwise (CI, a redirect, a test) one plain line every <see cref="PlainInterval"/>.
/// </summary>
internal abstract class ProgressDisplay
{
    public static TimeSpan PlainInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The live display when <paramref name="error"/> is the console's standard error and that is a terminal.</summary>
    public static ProgressDisplay For(TextWriter error) =>
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new Live() : new Plain(error);

    /// <summary>Runs <paramref name="work"/>, showing <paramref name="counters"/> until it ends.</summary>
    public abstract Task<T> ShowAsync<T>(RunCounters counters, Task<T> work);

    /// <summary>A document that failed, as it fails: one line on standard error, or kept for the summary when the display is live.</summary>
    public abstract void Failure(string id, string error);

    /// <summary>The failures a live display kept, for the summary (the first 20).</summary>
    public IReadOnlyList<string> Kept => _kept;

    private protected readonly List<string> _kept = [];

    private sealed class Plain(TextWriter error) : ProgressDisplay
    {
        private readonly Lock _gate = new();

        public override async Task<T> ShowAsync<T>(RunCounters counters, Task<T> work)
        {
            while (await Task.WhenAny(work, Task.Delay(PlainInterval)).ConfigureAwait(false) != work)
            {
                lock (_gate)
                {
                    error.WriteLine($"translate batch: {counters.Describe()}");
                }
            }
            return await work.ConfigureAwait(false);
        }

        public override void Failure(string id, string message)
        {
            lock (_gate)
            {
                error.WriteLine($"translate batch: {id}: {message}");
            }
        }
    }

    private sealed class Live : ProgressDisplay
    {
        public override async Task<T> ShowAsync<T>(RunCounters counters, Task<T> work)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("documents", maxValue: Math.Max(1, counters.Total));
                    do
                    {
                        task.Value = counters.Done;
                        task.Description = Markup.Escape(counters.Describe());
                    }
                    while (await Task.WhenAny(work, Task.Delay(250)).ConfigureAwait(false) != work);
                    task.Value = counters.Done;
                    task.Description = Markup.Escape(counters.Describe());
                    return await work.ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        public override void Failure(string id, string message)
        {
            lock (_kept)
            {
                if (_kept.Count < 20)
                {
                    _kept.Add($"{id}: {message}");
                }
            }
        }
    }
}
