using Microsoft.AspNetCore.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) states every rule the server holds requests to, so that a
/// client generated from it needs nothing else: the fields' rules (<see cref="FieldSchemas"/>, from
/// the same <see cref="Validation.Field"/> objects the validator checks), bounds that follow from types
/// (<see cref="ValueBounds"/>), who may call what (<see cref="OperationSecurity"/>), every problem an
/// operation can answer and the rate-limit headers (<see cref="ProblemResponses"/>). scripts/test.sh lints
/// the document with Spectral (lint/openapi/.spectral.yaml).
/// </summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer<DocumentInfo>();
        options.AddSchemaTransformer<FieldSchemas>();
        options.AddSchemaTransformer<ProblemSchemas>();
        options.AddSchemaTransformer<ValueBounds>();
        // In this order: the problems an operation can answer depend on its security and its parameters.
        options.AddOperationTransformer<OperationIds>();
        options.AddOperationTransformer<OperationSecurity>();
        options.AddOperationTransformer<RequestParameters>();
        options.AddOperationTransformer<ProblemResponses>();
    }
}
