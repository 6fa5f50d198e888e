using Translate.Core.Inference.Batching.Internal;

namespace Translate.Core.Tests.Inference.Batching;

public sealed class BatchPlannerTests
{
    private static (int[] Chosen, BatchPlan Plan) Plan(int[] lengths, int maxRows = 32, int maxTokens = 4096)
    {
        var chosen = new int[maxRows];
        var plan = BatchPlanner.Plan(lengths, maxRows, maxTokens, chosen, new long[lengths.Length]);
        return (chosen[..plan.Rows].Order().ToArray(), plan);
    }

    [Fact]
    public void Plan_OldestAmongShorterAndLonger_TakesItsNeighboursInLength()
    {
        var (chosen, plan) = Plan([30, 5, 29, 31, 90, 32, 6]);

        Assert.Equal([0, 2, 3, 5], chosen);
        Assert.Equal(32, plan.PaddedLength);
        Assert.False(plan.Full);
    }

    [Fact]
    public void Plan_RowCapReached_IsFullAndKeepsTheOldest()
    {
        var (chosen, plan) = Plan([20, 20, 20, 20, 20, 20], maxRows: 4);

        Assert.Equal(4, plan.Rows);
        Assert.Contains(0, chosen);
        Assert.True(plan.Full);
    }

    [Fact]
    public void Plan_TokenBudgetReached_IsFullWithinTheBudget()
    {
        var (_, plan) = Plan([100, 100, 100, 100, 100], maxTokens: 350);

        Assert.Equal(3, plan.Rows);
        Assert.True(plan.Full);
    }

    [Fact]
    public void Plan_OldestLongerThanTheBudget_RunsAlone()
    {
        var (chosen, plan) = Plan([500, 10, 10], maxTokens: 256);

        Assert.Equal([0], chosen);
        Assert.Equal(500, plan.PaddedLength);
    }

    [Fact]
    public void Plan_OneRowAllowed_TakesOnlyTheOldest()
    {
        var (chosen, plan) = Plan([40, 40, 40], maxRows: 1);

        Assert.Equal([0], chosen);
        Assert.True(plan.Full);
    }

    [Fact]
    public void Plan_RandomQueues_PaddingStaysWithinTheAllowance()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 2000; trial++)
        {
            var lengths = Enumerable.Range(0, random.Next(1, 80)).Select(_ => random.Next(2, 200)).ToArray();
            var (chosen, plan) = Plan(lengths, maxRows: 16, maxTokens: 2048);

            Assert.Contains(0, chosen);
            Assert.Equal(chosen.Max(i => lengths[i]), plan.PaddedLength);
            if (plan.Rows > 1)
            {
                var padded = plan.Rows * plan.PaddedLength;
                var padding = padded - chosen.Sum(i => lengths[i]);
                Assert.True(padded <= 2048);
                Assert.True(padding <= Math.Max(BatchPlanner.PaddingFloorTokens, padded / BatchPlanner.PaddingShareDivisor),
                    $"{padding} padding tokens in {plan.Rows} × {plan.PaddedLength}.");
            }
        }
    }
}
