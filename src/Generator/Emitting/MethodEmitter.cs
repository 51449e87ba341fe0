using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AdGen.Generator.Diagnostics;
using AdGen.Generator.Helpers;
using AdGen.Generator.Model;
using AdGen.Generator.Transforms;

namespace AdGen.Generator.Emitting;

/// <summary>The generated members of one method, as text, ready to be placed in its containing type's file.</summary>
internal sealed record EmittedMethod(
    string TypeKey,
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string SortKey,
    string Code,
    bool Failed);

/// <summary>
/// A method after differentiation: its emitted code and its diagnostics (kink sites, internal errors). The two are
/// split by the pipeline so that moving code, which moves the diagnostics, leaves the emitted code Unchanged.
/// </summary>
internal sealed record DifferentiatedMethod(EmittedMethod Emitted, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Runs both derivative transforms on a method model and prints FGradient, FTangent and FPullback.</summary>
internal static class MethodEmitter
{
    public const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"AdGen\", \"0.1.0\")]";

    public static DifferentiatedMethod Emit(MethodModel method, CancellationToken cancellationToken)
    {
        string sortKey = method.Name + "(" + string.Join(",", method.Parameters.Select(static p => p.Type.Display)) + ")";
        try
        {
            var reverseNames = new NameAllocator(method);
            ReverseProgram program = ReverseMode.Transform(method, reverseNames);
            cancellationToken.ThrowIfCancellationRequested();
            var forwardNames = new NameAllocator(method);
            foreach (ParameterModel parameter in method.Parameters.Where(static p => p.IsDifferentiable))
            {
                forwardNames.Derivative(parameter.Name);
            }

            Block tangentBody = ForwardMode.Transform(method, forwardNames);
            tangentBody = new Block(DeadDerivatives.RemoveAll(tangentBody.Statements, name => forwardNames.IsDerivative(name) && !IsParameterDerivative(method, forwardNames, name)));
            // The adjoints' declarations go with the sweep, so that a first contribution can declare its adjoint.
            EquatableArray<Stmt> reverseSweep = DeadDerivatives.RemoveAll(
                program.AdjointDeclarations.Concat(program.ReverseSweep).ToEquatableArray(),
                name => reverseNames.IsDerivative(name) && !IsParameterDerivative(method, reverseNames, name) && name != program.SeedAdjoint);
            List<KinkSiteInfo> sites = CollectSites(program.ForwardSweep.Concat(reverseSweep).Concat(tangentBody.Statements));
            var reverseSiteLocals = new KinkSiteLocals(reverseNames);
            EquatableArray<Stmt> forwardSweep = reverseSiteLocals.Rewrite(program.ForwardSweep);
            reverseSweep = reverseSiteLocals.Rewrite(reverseSweep);
            program = program with
            {
                Prologue = reverseSiteLocals.Declarations.Concat(program.Prologue).ToEquatableArray(),
                ForwardSweep = forwardSweep,
                AdjointDeclarations = EquatableArray<Stmt>.Empty,
                ReverseSweep = FirstContributions.Fold(reverseSweep, reverseNames.IsDerivative),
            };
            program = ReverseMode.FactorAndPromoteLoops(program, method, reverseNames);
            var tangentSiteLocals = new KinkSiteLocals(forwardNames);
            EquatableArray<Stmt> tangentStatements = tangentSiteLocals.Rewrite(tangentBody.Statements);
            tangentBody = new Block(tangentSiteLocals.Declarations.Concat(tangentStatements).ToEquatableArray());

            var writer = new SourceWriter();
            WriteSiteFields(writer, sites);
            WriteGradientAndPullback(writer, method, program, reverseNames, sites);
            WriteTangent(writer, method, tangentBody, forwardNames, sites);
            // The IDE can show every kink site and its rule (ADG1001, hidden unless raised in .editorconfig).
            var siteDiagnostics = sites
                .Where(static site => site.SourceLocation is not null)
                .Select(static site => new DiagnosticInfo(
                    DiagnosticDescriptors.KinkSite,
                    site.SourceLocation!.FilePath,
                    site.SourceLocation.Span,
                    site.SourceLocation.LineSpan,
                    EquatableArray.Of(site.Primitive, site.Rule)))
                .ToEquatableArray();
            return new DifferentiatedMethod(new EmittedMethod(method.TypeKey, method.Namespace, method.ContainingTypes, sortKey, writer.ToString(), false), siteDiagnostics);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The generator never throws: a transform that meets an unexpected shape reports it on the method.
            var error = new DiagnosticInfo(
                DiagnosticDescriptors.InternalError,
                method.Location.FilePath,
                method.Location.Span,
                method.Location.LineSpan,
                EquatableArray.Of(method.Name, exception.GetType().Name + ": " + exception.Message + " " + FirstFrame(exception)));
            return new DifferentiatedMethod(new EmittedMethod(method.TypeKey, method.Namespace, method.ContainingTypes, sortKey, string.Empty, true), EquatableArray.Of(error));
        }
    }

    private static bool IsParameterDerivative(MethodModel method, NameAllocator names, string name) =>
        method.Parameters.Any(p => p.IsDifferentiable && names.Derivative(p.Name) == name);

    /// <summary>Where the failure happened, so that a user's report points at the transform at fault.</summary>
    private static string FirstFrame(Exception exception)
    {
        string trace = exception.StackTrace ?? string.Empty;
        int end = trace.IndexOf('\n');
        return (end < 0 ? trace : trace.Substring(0, end)).Trim();
    }

    private static List<KinkSiteInfo> CollectSites(IEnumerable<Stmt> statements)
    {
        var sites = new Dictionary<string, KinkSiteInfo>(StringComparer.Ordinal);
        foreach (Stmt statement in statements.SelectMany(IrQueries.Descendants))
        {
            if (statement is KinkCheck check && !sites.ContainsKey(check.Site.FieldName))
            {
                sites.Add(check.Site.FieldName, check.Site);
            }
        }

        return sites.Values.OrderBy(static s => s.Line).ThenBy(static s => s.Column).ToList();
    }

    /// <summary>One field per kink site: its stable identity for the kink monitor, registered once per type.</summary>
    private static void WriteSiteFields(SourceWriter writer, List<KinkSiteInfo> sites)
    {
        foreach (KinkSiteInfo site in sites)
        {
            writer.WriteLine("/// <summary>Kink site " + Xml(site.Location + " " + site.Primitive + ": " + site.Rule) + ".</summary>");
            writer.WriteLine(GeneratedCodeAttribute);
            writer.WriteLine("private static readonly global::AdGen.KinkSite " + site.FieldName + " = global::AdGen.KinkMonitor.Register("
                + string.Join(", ", CSharpPrinter.Quote(site.Method), CSharpPrinter.Quote(site.File), site.Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    site.Column.ToString(System.Globalization.CultureInfo.InvariantCulture), CSharpPrinter.Quote(site.Primitive), CSharpPrinter.Quote(site.Rule)) + ");");
            writer.WriteLine();
        }
    }

    private static void WriteKinkRemarks(SourceWriter writer, List<KinkSiteInfo> sites)
    {
        if (sites.Count == 0)
        {
            return;
        }

        writer.WriteLine("/// <remarks>");
        writer.WriteLine("/// Conservative rules at the kinks of this method (see docs/conservative-rules.md):");
        writer.WriteLine("/// <list type=\"bullet\">");
        foreach (KinkSiteInfo site in sites)
        {
            writer.WriteLine("/// <item><description>" + Xml(site.Location + " " + site.Primitive + ": " + site.Rule) + "</description></item>");
        }

        writer.WriteLine("/// </list>");
        writer.WriteLine("/// </remarks>");
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static void WriteGradientAndPullback(SourceWriter writer, MethodModel method, ReverseProgram program, NameAllocator names, List<KinkSiteInfo> sites)
    {
        string seed = names.Fresh("seed");
        string returnType = method.ReturnType.Display;
        string core = method.Name + "Reverse";
        List<ParameterModel> differentiable = method.Parameters.Where(static p => p.IsDifferentiable).ToList();
        string CoreCall(string seedArgument) => core + "(" + string.Join(", ", method.Parameters.Select(static p => CSharpPrinter.Identifier(p.Name))
            .Concat(new[] { seedArgument })
            .Concat(differentiable.Select(p => (p.Type.IsSequence ? string.Empty : "ref ") + names.Derivative(p.Name)))) + ")";

        // FGradient: zero the adjoints, then the shared sweeps with seed 1; or, when it can store a gradient span
        // instead of zeroing it and adding into it, its own copy of the sweeps.
        (ReverseProgram gradientProgram, IReadOnlyList<string> overwritten) = GradientOverwrite.Apply(program, method, names);
        WriteSummary(writer, "Reverse mode of <c>" + method.Name + "</c>: returns its value and writes its gradient with respect to " + ListParameters(differentiable) + ".");
        WriteParameterDocs(writer, method, p => p.Type.IsSequence ? "Overwritten with ∂" + method.Name + "/∂" + p.Name + "." : "∂" + method.Name + "/∂" + p.Name + ".");
        writer.WriteLine("/// <returns>The value of <c>" + method.Name + "</c>.</returns>");
        WriteKinkRemarks(writer, sites);
        writer.WriteLine(GeneratedCodeAttribute);
        string gradientParameters = JoinParameters(method, differentiable.Select(p => p.Type.IsSequence
            ? "global::System.Span<" + p.Type.Element.Display + "> " + names.Derivative(p.Name)
            : "out " + p.Type.Display + " " + names.Derivative(p.Name)));
        writer.WriteLine(method.Accessibility + " static " + returnType + " " + method.Name + "Gradient(" + gradientParameters + ")");
        writer.OpenBrace();
        WriteLengthChecks(writer, method, names);
        foreach (ParameterModel parameter in differentiable)
        {
            string adjoint = names.Derivative(parameter.Name);
            if (!overwritten.Contains(adjoint))
            {
                writer.WriteLine(parameter.Type.IsSequence ? adjoint + ".Clear();" : adjoint + " = " + Literal(parameter.Type, 0) + ";");
            }
        }

        if (overwritten.Count == 0)
        {
            writer.WriteLine("return " + CoreCall(Literal(method.ReturnType, 1)) + ";");
        }
        else
        {
            WriteReverseBody(writer, method, gradientProgram, names, Literal(method.ReturnType, 1));
            writer.WriteLine("return " + program.Result.Name + ";");
        }

        writer.CloseBrace();
        writer.WriteLine();

        // FPullback: the shared sweeps with the caller's seed, adding into the caller's adjoints.
        WriteSummary(writer, "Reverse mode of <c>" + method.Name + "</c> for composition: adds <paramref name=\"" + seed + "\"/> times its gradient into the adjoints of " + ListParameters(differentiable) + ".");
        WriteParameterDocs(writer, method, p => "Accumulates " + seed + "·∂" + method.Name + "/∂" + p.Name + ".", seed);
        WriteKinkRemarks(writer, sites);
        writer.WriteLine(GeneratedCodeAttribute);
        string adjointParameters = JoinParameters(
            method,
            new[] { returnType + " " + seed }.Concat(differentiable.Select(p => p.Type.IsSequence
                ? "global::System.Span<" + p.Type.Element.Display + "> " + names.Derivative(p.Name)
                : "ref " + p.Type.Display + " " + names.Derivative(p.Name))));
        writer.WriteLine(method.Accessibility + " static void " + method.Name + "Pullback(" + adjointParameters + ")");
        writer.OpenBrace();
        WriteLengthChecks(writer, method, names);
        writer.WriteLine(CoreCall(seed) + ";");
        writer.CloseBrace();
        writer.WriteLine();

        // FReverse: the forward and reverse sweeps, written once.
        WriteSummary(writer, "The forward and reverse sweeps of <c>" + method.Name + "</c>, "
            + (overwritten.Count == 0 ? "shared by <c>" + method.Name + "Gradient</c> and <c>" + method.Name + "Pullback</c>" : "for <c>" + method.Name + "Pullback</c>")
            + ": adds <paramref name=\"" + seed + "\"/> times the gradient into the adjoints and returns the value.");
        WriteKinkRemarks(writer, sites);
        writer.WriteLine(GeneratedCodeAttribute);
        writer.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        writer.WriteLine("private static " + returnType + " " + core + "(" + adjointParameters + ")");
        writer.OpenBrace();
        WriteReverseBody(writer, method, program, names, seed);
        writer.WriteLine("return " + program.Result.Name + ";");
        writer.CloseBrace();
        writer.WriteLine();
    }

    private static void WriteReverseBody(SourceWriter writer, MethodModel method, ReverseProgram program, NameAllocator names, string seedExpression)
    {
        program = program with { ReverseSweep = VectorizedAccumulation.Apply(program.ReverseSweep, names.IsDerivative) };
        writer.WriteLine("// Forward sweep: compute " + method.Name + ", keeping what the reverse sweep needs.");
        CSharpPrinter.WriteAll(writer, program.Prologue);
        CSharpPrinter.WriteAll(writer, program.ForwardSweep);
        writer.WriteLine();
        writer.WriteLine(program.FusedLoop
            ? "// Reverse sweep: propagate the adjoint of the result back to the inputs, starting with what follows the last loop."
            : "// Reverse sweep: propagate the adjoint of the result back to the inputs.");
        var reverseReads = new HashSet<string>(StringComparer.Ordinal);
        foreach (Stmt statement in program.ReverseSweep)
        {
            IrQueries.AddReads(statement, reverseReads);
        }

        // A result that does not depend on the inputs leaves the seed unread: do not declare it.
        if (reverseReads.Contains(program.SeedAdjoint))
        {
            writer.WriteLine(method.ReturnType.Display + " " + program.SeedAdjoint + " = " + seedExpression + ";");
        }

        CSharpPrinter.WriteAll(writer, program.ReverseSweep);
        foreach (LocalAdjoint local in program.LocalParameterAdjoints)
        {
            writer.WriteLine(names.Derivative(local.Parameter) + " += " + local.Local + ";");
        }
    }

    private static void WriteTangent(SourceWriter writer, MethodModel method, Block body, NameAllocator names, List<KinkSiteInfo> sites)
    {
        List<ParameterModel> differentiable = method.Parameters.Where(static p => p.IsDifferentiable).ToList();
        WriteSummary(writer, "Forward mode of <c>" + method.Name + "</c>: returns its value and its directional derivative along the tangents of " + ListParameters(differentiable) + ".");
        WriteParameterDocs(writer, method, p => "The tangent (direction) of " + p.Name + ".");
        writer.WriteLine("/// <returns>The value of <c>" + method.Name + "</c> and its derivative along the given direction.</returns>");
        WriteKinkRemarks(writer, sites);
        writer.WriteLine(GeneratedCodeAttribute);
        string parameters = JoinParameters(method, differentiable.Select(p => p.Type.IsSequence
            ? "global::System.ReadOnlySpan<" + p.Type.Element.Display + "> " + names.Derivative(p.Name)
            : p.Type.Display + " " + names.Derivative(p.Name)));
        string pair = ForwardMode.TangentPairType(method.ReturnType).Display;
        writer.WriteLine(method.Accessibility + " static " + pair + " " + method.Name + "Tangent(" + parameters + ")");
        writer.OpenBrace();
        WriteLengthChecks(writer, method, names);
        CSharpPrinter.WriteBlockBody(writer, body);
        writer.CloseBrace();
    }

    private static void WriteLengthChecks(SourceWriter writer, MethodModel method, NameAllocator names)
    {
        foreach (ParameterModel parameter in method.Parameters)
        {
            if (parameter.IsDifferentiable && parameter.Type.IsSequence)
            {
                string derivative = names.Derivative(parameter.Name);
                CSharpPrinter.Write(writer, new ThrowIf(
                    new Binary(TypeRef.Boolean, BinaryOperator.NotEqual, new LengthOf(new Variable(parameter.Type, derivative)), new LengthOf(new Variable(parameter.Type, parameter.Name))),
                    "global::System.ArgumentException",
                    derivative + " must have the length of " + parameter.Name + ".",
                    derivative));
            }
        }
    }

    private static string JoinParameters(MethodModel method, IEnumerable<string> derivativeParameters) =>
        string.Join(", ", method.Parameters.Select(static p => p.Type.Display + " " + CSharpPrinter.Identifier(p.Name)).Concat(derivativeParameters));

    private static string ListParameters(List<ParameterModel> parameters) =>
        parameters.Count == 0 ? "no parameter" : string.Join(", ", parameters.Select(static p => "<paramref name=\"" + p.Name + "\"/>"));

    private static void WriteSummary(SourceWriter writer, string summary)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// " + summary);
        writer.WriteLine("/// </summary>");
    }

    private static void WriteParameterDocs(SourceWriter writer, MethodModel method, Func<ParameterModel, string> derivative, string? seed = null)
    {
        var names = new NameAllocator(method);
        foreach (ParameterModel parameter in method.Parameters)
        {
            writer.WriteLine("/// <param name=\"" + parameter.Name + "\">The argument <c>" + parameter.Name + "</c> of <c>" + method.Name + "</c>.</param>");
        }

        if (seed is not null)
        {
            writer.WriteLine("/// <param name=\"" + seed + "\">The adjoint of the result (1 gives the gradient).</param>");
        }

        foreach (ParameterModel parameter in method.Parameters.Where(static p => p.IsDifferentiable))
        {
            writer.WriteLine("/// <param name=\"" + names.Derivative(parameter.Name) + "\">" + derivative(parameter) + "</param>");
        }
    }

    private static string Literal(TypeRef type, double value) => Parsing.LiteralFormatter.Of(value, type).Text;
}
