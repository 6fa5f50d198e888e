using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Translate.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ReflectionAndHealthTests(ServerFixture server)
{
    [Fact]
    public async Task Reflection_ListServices_IncludesTranslateAndHealth()
    {
        var client = new ServerReflection.ServerReflectionClient(server.Channel);
        using var call = client.ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();
        Assert.Contains("translate.v1.Translate", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Health_OverallServer_Serving()
    {
        var response = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
