using System;
using AdGen.Optimizers;
using Xunit;

namespace AdGen.Runtime.Tests;

/// <summary>After the first step (which allocates the state), stepping must not allocate at all.</summary>
public sealed class AllocationTests
{
    public static TheoryData<string> Optimizers() => new("sgd", "sgd plain", "rmsprop", "rmsprop plain", "adam", "adamw", "inna", "innaprop");

    private static Optimizer Create(string name) => name switch
    {
        "sgd plain" => new Sgd(),
        "rmsprop plain" => new RmsProp(),
        _ => BadInputTests.Create(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Double_steps_do_not_allocate(string name)
    {
        Optimizer optimizer = Create(name);
        var theta = new double[1003];
        var gradient = new double[1003];
        Array.Fill(theta, 0.5);
        Array.Fill(gradient, 0.01);
        optimizer.Step(theta, gradient);
        optimizer.Step(theta, gradient);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            optimizer.Step(theta, gradient);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Single_steps_do_not_allocate(string name)
    {
        Optimizer optimizer = Create(name);
        var theta = new float[1003];
        var gradient = new float[1003];
        Array.Fill(theta, 0.5f);
        Array.Fill(gradient, 0.01f);
        optimizer.Step(theta, gradient);
        optimizer.Step(theta, gradient);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            optimizer.Step(theta, gradient);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Clipping_does_not_allocate()
    {
        var gradient = new double[1003];
        Array.Fill(gradient, 3.0);
        GradientClipping.ClipByGlobalNorm(gradient, 1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Array.Fill(gradient, 3.0);
            GradientClipping.ClipByGlobalNorm(gradient, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
