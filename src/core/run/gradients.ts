// tfjs-core ships its gradients as extensionless ES modules that Node cannot load on their own;
// the union package registers them, in Node and in bundles alike.
import '@tensorflow/tfjs';
