using YamlDotNet.Core;

namespace MeLo.Deployment.Tests;

/// <summary>
/// The strict load is what makes the render checks worth anything: a misspelled or invented field must fail, in the
/// built-in kinds and in KEDA's ScaledObject alike. Each case edits one line of a real render.
/// </summary>
public class StrictLoadTests
{
    static readonly string Render = Kustomize.Render(Kustomizations.Gpu);

    [Theory]
    // A misspelled pod field (Deployment)
    [InlineData("terminationGracePeriodSeconds: 45", "terminationGracePeriodSecond: 45", "Property 'terminationGracePeriodSecond' not found on type 'k8s.Models.V1PodSpec'")]
    // A field that a container does not have
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "Property 'readOnlyRootFileSystem' not found on type 'k8s.Models.V1SecurityContext'")]
    // A field that a NetworkPolicy does not have
    [InlineData("policyTypes:", "policyType:", "Property 'policyType' not found on type 'k8s.Models.V1NetworkPolicySpec'")]
    // An unknown field in KEDA's ScaledObject, checked against our own schema
    [InlineData("cooldownPeriod: 600", "cooldownPeriods: 600", "Property 'cooldownPeriods' not found on type 'MeLo.Deployment.Tests.Keda.KedaScaledObjectSpec'")]
    // An unknown key inside a typed sub-object of the ScaledObject (autoscaling/v2 behavior)
    [InlineData("stabilizationWindowSeconds: 900", "stabilisationWindowSeconds: 900", "Property 'stabilisationWindowSeconds' not found on type 'k8s.Models.V2HPAScalingRules'")]
    // A value of the wrong type
    [InlineData("minReplicas: 2", "minReplicas: two", "'two' was not in a correct format")]
    public void A_field_the_typed_models_do_not_know_fails_the_load(string line, string edited, string expected)
    {
        Assert.Contains(line, Render);
        var broken = ReplaceFirst(Render, line, edited);

        var error = Assert.Throws<YamlException>(() => RenderedManifests.Parse(broken));
        Assert.Contains(expected, $"{error.Message} {error.InnerException?.Message}");
    }

    [Fact]
    public void An_unknown_kind_fails_the_load()
    {
        var unknown = Render + "---\napiVersion: example.org/v1\nkind: Gadget\nmetadata:\n  name: x\n";

        // KubernetesClient finds no model for "example.org/v1/Gadget" (our own models are added for KEDA only).
        var error = Assert.Throws<KeyNotFoundException>(() => RenderedManifests.Parse(unknown));
        Assert.Contains("example.org/v1/Gadget", error.Message);
    }

    [Fact]
    public void The_unedited_render_loads()
    {
        Assert.NotEmpty(RenderedManifests.Parse(Render).Objects);
    }

    static string ReplaceFirst(string text, string line, string edited)
    {
        int at = text.IndexOf(line, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), edited, text.AsSpan(at + line.Length));
    }
}
